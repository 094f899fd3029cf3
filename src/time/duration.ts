// Durations as product-analytics.md writes them (--window): a number and a
// unit s, m, h, d or w; elapsed time, never calendar arithmetic (2d is 48
// hours across a daylight-saving change).

export const DURATION = /^(\d+(?:\.\d+)?)([smhdw])$/;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A duration in milliseconds: 15s, 0.25m, 24h, 7d (86,400 s), 1w. */
export function durationMs(text: string): number {
  const [, amount, unit] = DURATION.exec(text)!;
  return Number(amount) * UNIT_MS[unit];
}

/** Windows of calendar days in --tz (--trial-window, --baseline): whole days or weeks, 30d or 12w. */
export const CALENDAR_DAYS = /^[1-9]\d{0,3}[dw]$/;

/** A calendar window's days: 12w is 84. */
export function calendarDays(text: string): number {
  const amount = Number(text.slice(0, -1));
  return text.endsWith('w') ? amount * 7 : amount;
}
