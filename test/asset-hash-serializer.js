// Jest snapshot serializer: replaces CDK asset hashes (64 hex chars) and
// asset-derived S3 keys so snapshots change only when templates change,
// not when a Lambda bundle or the CDK version re-hashes an asset.
const HASH = /[0-9a-f]{64}/g;
module.exports = {
  test: (val) => typeof val === 'string' && /[0-9a-f]{64}/.test(val),
  serialize: (val) => `"${val.replace(HASH, '<ASSET_HASH>')}"`,
};
