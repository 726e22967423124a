export * from './auth';
export * from './configuration';
export * from './engine';
export * from './node-type';
export * from './parameters';
export { RedisPreset } from './presets';
export * from './redis';
