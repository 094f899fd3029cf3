// Proleptic Gregorian calendar arithmetic on day numbers (days since
// 1970-01-01). Pure integer maths, so bucketing a row costs no Date objects.

export const MS_PER_DAY = 86_400_000;

export interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

/** Day number of a calendar date (after H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const packed = packedCivilFromDays(days);
  const year = Math.floor(packed / 512);
  const rest = packed - year * 512;
  return { year, month: rest >> 5, day: rest & 31 };
}

/** year * 12 + month − 1 of a day number, without allocating (hot path of --period month). */
export function monthIndexOfDays(days: number): number {
  const packed = packedCivilFromDays(days);
  const year = Math.floor(packed / 512);
  return year * 12 + ((packed - year * 512) >> 5) - 1;
}

/** The date as one number, year * 512 + month * 32 + day, so the hot path allocates nothing. */
function packedCivilFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 512 + month * 32 + day;
}

export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOfDays(days: number): number {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return (((days + 3) % 7) + 7) % 7;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatDate(date: CivilDate): string {
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
}
