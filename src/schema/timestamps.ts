import { daysFromCivil, daysInMonth, MS_PER_DAY } from '../time/calendar.js';
import type { TimeZone } from '../time/zone.js';

// Timestamps as exports write them. Every field is range-checked: JavaScript's
// Date rolls 2026-02-30 over to March, which would silently move data.

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
const MONTH_NAME = /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
const JAPANESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2})[:時](\d{2})分?(?:[:](\d{2})|(\d{2})秒)?)?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export const TIMESTAMP_EXPECTED =
  'a date or time such as 2026-03-14, 2026-03-14T09:30:00+09:00, 2026/03/14 09:30, 03/14/2026 9:30 AM, 3/14/26, Mar 14, 2026, or epoch seconds, milliseconds, microseconds or nanoseconds';

/**
 * The century of a two-digit year, as POSIX strptime's %y and Python read it:
 * 69–99 are 1969–1999, 00–68 are 2000–2068.
 */
export function fullYear(twoDigits: number): number {
  return twoDigits >= 69 ? 1900 + twoDigits : 2000 + twoDigits;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Offset from UTC in minutes, or undefined for wall-clock time in --tz. */
  offsetMinutes: number | undefined;
}

/** Epoch milliseconds of a cell, or NaN when it is not a real date and time. */
export function parseTimestamp(cell: unknown, zone: TimeZone): number {
  if (typeof cell === 'number') return epochFromNumber(cell);
  if (typeof cell !== 'string') return Number.NaN;
  const fast = parseIsoFast(cell, zone);
  if (fast === fast) return fast; // not NaN
  const text = cell.trim();
  if (/^\d{9,19}(?:\.\d+)?$/.test(text)) return epochFromDigits(text);
  const fields = matchFields(text);
  if (fields === undefined || !isValid(fields)) return Number.NaN;
  const days = daysFromCivil(fields.year, fields.month, fields.day);
  const wallMs = days * MS_PER_DAY + ((fields.hour * 60 + fields.minute) * 60 + fields.second) * 1000 + fields.ms;
  if (fields.offsetMinutes === undefined) return zone.toUtc(wallMs);
  return wallMs - fields.offsetMinutes * 60_000;
}

/** Why a cell is not a timestamp, for the error message. */
export function timestampProblem(cell: unknown): string {
  if (typeof cell === 'string') {
    const fields = matchFields(cell.trim());
    if (fields !== undefined && !isValid(fields)) return `"${cell}" is not a real date and time`;
  }
  return `"${String(cell)}" is not ${TIMESTAMP_EXPECTED}`;
}

/**
 * Epoch time by its size, as exports write it: seconds (10 digits today),
 * milliseconds (13), microseconds (16: GA4's event_timestamp) or nanoseconds
 * (19). Each unit's range starts where the one before would pass the year
 * 5138 and its own starts in 1973, so no date in between is read two ways.
 */
function epochFromNumber(value: number): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const size = Math.abs(value);
  if (size < 1e11) return Math.round(value * 1000);
  if (size < 1e14) return Math.round(value);
  // Below a millisecond, the instant is in the millisecond it started in.
  if (size < 1e17) return Math.floor(value / 1000);
  if (size < 1e20) return Math.floor(value / 1e6);
  return Number.NaN;
}

/** Epoch digits as text: microseconds and nanoseconds pass 2^53, so the milliseconds are cut from the digits, not from a rounded number. */
function epochFromDigits(text: string): number {
  const dot = text.indexOf('.');
  const whole = dot === -1 ? text : text.slice(0, dot);
  if (whole.length <= 15) return epochFromNumber(Number(text));
  // 16+ digits: micro- or nanoseconds, cut to whole milliseconds as epochFromNumber does.
  const cut = whole.length - (Number(whole) < 1e17 ? 3 : 6);
  return whole.length - cut > 0 && whole.length <= 19 ? Number(whole.slice(0, cut)) : Number.NaN;
}

/**
 * epochFromDigits over a cell's bytes, for the epochs exports write: 9 to 19
 * digits and nothing else. NaN for any other cell, which is then read as text:
 * a fraction, spaces, 17 digits (there the unit depends on how Number()
 * rounds the whole to a double), or 18 or 19 with a leading zero (there it
 * depends on the value, not on the count).
 */
export function epochFromDigitBytes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < 9 || length > 19 || length === 17 || (length > 17 && bytes[start] === 48)) return Number.NaN;
  // The digits kept: all up to 15 (exact in a double), else those down to the millisecond.
  const kept = length <= 15 ? length : length === 16 ? 13 : length - 6;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = bytes[start + i] - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    if (i < kept) value = value * 10 + digit;
  }
  return length <= 15 ? epochFromNumber(value) : value;
}

function matchFields(text: string): Fields | undefined {
  let m = ISO.exec(text);
  if (m) {
    return {
      year: +m[1], month: +m[2], day: +m[3],
      hour: m[4] ? +m[4] : 0, minute: m[5] ? +m[5] : 0, second: m[6] ? +m[6] : 0,
      ms: m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0,
      offsetMinutes: parseOffset(m[8]),
    };
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return wallClock(+m[1], +m[2], +m[3]);
  m = US.exec(text);
  if (m) return wallClock(m[3].length === 2 ? fullYear(+m[3]) : +m[3], +m[1], +m[2], m[4], m[5], m[6], m[7]);
  m = MONTH_NAME.exec(text);
  if (m) {
    const month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
    if (month === 0) return undefined;
    return wallClock(+m[3], month, +m[2], m[4], m[5], m[6], m[7]);
  }
  m = JAPANESE.exec(text);
  if (m) return wallClock(+m[1], +m[2], +m[3], m[4], m[5], m[6] ?? m[7]);
  return undefined;
}

function wallClock(
  year: number, month: number, day: number,
  hour?: string, minute?: string, second?: string, meridiem?: string,
): Fields {
  let h = hour ? +hour : 0;
  if (meridiem) {
    // 12-hour clock: 12 AM is midnight, 12 PM noon; 13 PM is invalid.
    if (h < 1 || h > 12) h = 99;
    else h = (h % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
  }
  return { year, month, day, hour: h, minute: minute ? +minute : 0, second: second ? +second : 0, ms: 0, offsetMinutes: undefined };
}

function parseOffset(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const upper = text.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 14 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

function isValid(f: Fields): boolean {
  return (
    f.month >= 1 && f.month <= 12 &&
    f.day >= 1 && f.day <= daysInMonth(f.year, f.month) &&
    f.hour <= 23 && f.minute <= 59 && f.second <= 59 &&
    (f.offsetMinutes === undefined || !Number.isNaN(f.offsetMinutes))
  );
}

const C0 = 48;

/**
 * The days since 1970 of the date written at bytes[start, start + 10)
 * (YYYY-MM-DD, its dashes already checked), NO_DATE when it is no date. A log
 * has a few hundred dates over millions of rows: each is worked out once and
 * found again by its eight digits' bytes, two words compared, in a table of
 * DATE_SLOTS (a slot taken by another date is worked out again and taken).
 */
function daysOfDate(bytes: Uint8Array, start: number): number {
  const high = bytes[start] | (bytes[start + 1] << 8) | (bytes[start + 2] << 16) | (bytes[start + 3] << 24);
  const low = bytes[start + 5] | (bytes[start + 6] << 8) | (bytes[start + 8] << 16) | (bytes[start + 9] << 24);
  const slot = Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) >>> (32 - DATE_SLOT_BITS);
  if (dateKeys[2 * slot] === high && dateKeys[2 * slot + 1] === low) return dateDays[slot];
  const year = digits(bytes, start, 4);
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  const valid = year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && (day <= 28 || day <= daysInMonth(year, month));
  const days = valid ? daysFromCivil(year, month, day) : NO_DATE;
  dateKeys[2 * slot] = high;
  dateKeys[2 * slot + 1] = low;
  dateDays[slot] = days;
  return days;
}

/** No date: a day number no date of four-digit years has. */
const NO_DATE = 0x7fffffff;
const DATE_SLOT_BITS = 12;
/** Each slot's eight digit bytes as two words; −1 (bytes 0xff, never a digit) in a slot no date has taken. */
const dateKeys = new Int32Array(2 << DATE_SLOT_BITS).fill(-1);
const dateDays = new Int32Array(1 << DATE_SLOT_BITS).fill(NO_DATE);

function digits(bytes: Uint8Array, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = bytes[i] - C0;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** A text's characters as bytes, for the byte parser; −1 when one is not ASCII or the text is long. */
const scratch = new Uint8Array(40);
function asciiInto(text: string): number {
  const length = text.length;
  if (length > scratch.length) return -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return -1;
    scratch[i] = code;
  }
  return length;
}

function parseIsoFast(text: string, zone: TimeZone): number {
  const length = asciiInto(text);
  return length < 0 ? Number.NaN : parseIsoBytes(scratch, 0, length, zone);
}

/**
 * The shape machine exports write most, YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM],
 * read from its bytes (a CSV cell that was never made a string, or a text's
 * characters): several times faster than the general patterns. Returns NaN
 * for anything else, and the caller falls back to them.
 */
export function parseIsoBytes(bytes: Uint8Array, start: number, end: number, zone: TimeZone): number {
  const length = end - start;
  if (length < 10 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return Number.NaN;
  const days = daysOfDate(bytes, start);
  if (days === NO_DATE) return Number.NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let i = start + 10;
  if (i < end) {
    const separator = bytes[i];
    if ((separator !== 84 && separator !== 32) || end < i + 6 || bytes[i + 3] !== 58) return Number.NaN;
    hour = digits(bytes, i + 1, 2);
    minute = digits(bytes, i + 4, 2);
    i += 6;
    if (i < end && bytes[i] === 58) {
      if (end < i + 3) return Number.NaN;
      second = digits(bytes, i + 1, 2);
      i += 3;
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  }
  const wallMs = days * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
  if (i === end) return zone.toUtc(wallMs);
  const zoneChar = bytes[i];
  if (zoneChar === 90 && i + 1 === end) return wallMs; // Z
  if ((zoneChar === 43 || zoneChar === 45) && i + 6 === end && bytes[i + 3] === 58) {
    const offsetHours = digits(bytes, i + 1, 2);
    const offsetMinutes = digits(bytes, i + 4, 2);
    if (offsetHours < 0 || offsetHours > 14 || offsetMinutes < 0 || offsetMinutes > 59) return Number.NaN;
    const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
    return zoneChar === 43 ? wallMs - offset : wallMs + offset;
  }
  return Number.NaN;
}
