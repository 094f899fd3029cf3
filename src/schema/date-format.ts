import { UsageError } from '../errors.js';
import { daysFromCivil, daysInMonth, MS_PER_DAY } from '../time/calendar.js';
import type { TimeZone } from '../time/zone.js';
import { fullYear } from './timestamps.js';

// --date-format for timestamps the built-in shapes do not cover, e.g. the
// day-first dates of European exports: --date-format "DD/MM/YYYY HH:mm".
// Tokens: YYYY (or YY, read with the pivot of fullYear), MM or M, DD or D,
// HH or H, mm, ss, and Z for an offset (+09:00, +0900 or Z); anything else
// must appear as it is.

const TOKENS: [string, string, keyof Fields][] = [
  ['YYYY', '(\\d{4})', 'year'],
  ['YY', '(\\d{2})', 'shortYear'],
  ['MM', '(\\d{2})', 'month'],
  ['M', '(\\d{1,2})', 'month'],
  ['DD', '(\\d{2})', 'day'],
  ['D', '(\\d{1,2})', 'day'],
  ['HH', '(\\d{2})', 'hour'],
  ['H', '(\\d{1,2})', 'hour'],
  ['mm', '(\\d{2})', 'minute'],
  ['ss', '(\\d{2})', 'second'],
  ['Z', '(Z|[+-]\\d{2}:?\\d{2})', 'offset'],
];

interface Fields {
  year: string;
  shortYear: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  offset: string;
}

export type TimestampReader = (cell: unknown) => number;

export function compileDateFormat(format: string, zone: TimeZone): TimestampReader {
  let pattern = '';
  const fields: (keyof Fields)[] = [];
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find(([name]) => format.startsWith(name, i));
    if (token) {
      pattern += token[1];
      fields.push(token[2]);
      i += token[0].length;
    } else {
      pattern += format[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  for (const required of ['year', 'month', 'day'] as const) {
    if (!fields.includes(required) && !(required === 'year' && fields.includes('shortYear'))) {
      throw new UsageError(`--date-format "${format}" has no ${required}`, ['tokens: YYYY YY MM M DD D HH H mm ss Z, e.g. "DD/MM/YYYY HH:mm"']);
    }
  }
  const regex = new RegExp(`^${pattern}$`);
  return (cell) => {
    if (typeof cell !== 'string') return Number.NaN;
    const match = regex.exec(cell.trim());
    if (!match) return Number.NaN;
    const value: Partial<Fields> = {};
    fields.forEach((field, index) => (value[field] = match[index + 1]));
    const year = value.shortYear === undefined ? Number(value.year) : fullYear(Number(value.shortYear));
    const month = Number(value.month);
    const day = Number(value.day);
    const hour = Number(value.hour ?? 0);
    const minute = Number(value.minute ?? 0);
    const second = Number(value.second ?? 0);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
    const wall = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
    if (value.offset === undefined) return zone.toUtc(wall);
    if (value.offset === 'Z') return wall;
    const digits = value.offset.replace(':', '');
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    return wall - (digits[0] === '-' ? -1 : 1) * minutes * 60_000;
  };
}

/** The timestamp reader for a job: --date-format when given, else every built-in shape. */
export function timestampReader(format: string | undefined, zone: TimeZone, parse: (cell: unknown, zone: TimeZone) => number): TimestampReader {
  return format === undefined ? (cell) => parse(cell, zone) : compileDateFormat(format, zone);
}
