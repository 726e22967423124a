/**
 * Parsing of ElastiCache's snapshot (daily) and maintenance (weekly) windows.
 * Times are UTC minutes: of the day for snapshot windows, of the week (Sunday
 * 00:00 = 0) for maintenance windows.
 */

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** `hh24:mi-hh24:mi`, e.g. `02:00-03:00`. */
export const SNAPSHOT_WINDOW_FORMAT = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
/** `ddd:hh24:mi-ddd:hh24:mi`, e.g. `sun:03:00-sun:04:00`. */
export const MAINTENANCE_WINDOW_FORMAT = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/i;

/** A window as [start, length] in minutes. */
export interface Interval {
  readonly start: number;
  readonly length: number;
}

export function parseSnapshotWindow(window: string): Interval | undefined {
  const m = SNAPSHOT_WINDOW_FORMAT.exec(window);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return { start, length: mod(end - start, MINUTES_PER_DAY) };
}

export function parseMaintenanceWindow(window: string): Interval | undefined {
  const m = MAINTENANCE_WINDOW_FORMAT.exec(window);
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1].toLowerCase()) * MINUTES_PER_DAY + Number(m[2]) * 60 + Number(m[3]);
  const end = DAYS.indexOf(m[4].toLowerCase()) * MINUTES_PER_DAY + Number(m[5]) * 60 + Number(m[6]);
  return { start, length: mod(end - start, MINUTES_PER_WEEK) };
}

/**
 * Whether a daily snapshot window overlaps a weekly maintenance window on any day.
 */
export function windowsOverlap(snapshot: Interval, maintenance: Interval): boolean {
  for (let day = 0; day < 7; day++) {
    const daily: Interval = { start: day * MINUTES_PER_DAY + snapshot.start, length: snapshot.length };
    if (overlapOnCircle(daily, maintenance, MINUTES_PER_WEEK)) return true;
  }
  return false;
}

function overlapOnCircle(a: Interval, b: Interval, circle: number): boolean {
  // a starts inside b, or b starts inside a (half-open intervals on a circle)
  return mod(a.start - b.start, circle) < b.length || mod(b.start - a.start, circle) < a.length;
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
