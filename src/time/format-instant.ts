import { civilFromDays, formatDate, MS_PER_DAY, pad2 } from './calendar.js';
import type { TimeZone } from './zone.js';

/** ISO 8601 local time with its offset, e.g. 2026-03-14T09:30:00+09:00 (Z in UTC). */
export function formatInstant(utcMs: number, zone: TimeZone): string {
  const offset = zone.offsetAt(utcMs);
  const local = utcMs + offset;
  const day = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - day * MS_PER_DAY;
  const seconds = Math.floor(msOfDay / 1000);
  const time = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  const millis = msOfDay % 1000;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${formatDate(civilFromDays(day))}T${time}${fraction}${formatOffset(offset)}`;
}

function formatOffset(offsetMs: number): string {
  if (offsetMs === 0) return 'Z';
  const minutes = Math.abs(offsetMs) / 60_000;
  return `${offsetMs < 0 ? '-' : '+'}${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}
