import { UsageError } from '../../errors.js';
import { MS_PER_DAY, weekdayOfDays } from '../../time/calendar.js';
import type { WeekStart } from '../../time/periods.js';

// Groupings engage derives from a post rather than reads from a column
// (social.md "Derived groupings"): the weekday and hour of its publishing in
// --tz, the hashtags of its text, its format normalised across platforms.

export const DERIVED_GROUPS = ['@weekday', '@hour', '@hashtag', '@format'] as const;
export type DerivedGroup = (typeof DERIVED_GROUPS)[number];

/** Whether a --group-by name is a derived grouping (checked: an unknown @name is an error). */
export function derivedGroupOf(name: string): DerivedGroup | undefined {
  if (!name.startsWith('@')) return undefined;
  const known = DERIVED_GROUPS.find((g) => g === name.toLowerCase());
  if (known === undefined) throw new UsageError(`--group-by ${name}: no such grouping`, [`one of ${DERIVED_GROUPS.join(', ')}, or a column of the file`]);
  return known;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The weekday label of a local day number. */
export function weekdayLabel(localMs: number): string {
  return WEEKDAYS[weekdayOfDays(Math.floor(localMs / MS_PER_DAY))];
}

/** The hour label (00 … 23) of a local wall-clock time. */
export function hourLabel(localMs: number): string {
  const hour = Math.floor((((localMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 3_600_000);
  return hour < 10 ? `0${hour}` : String(hour);
}

/** Weekdays in the week's order: Mon first, or Sun first with --week-start sunday. */
export function weekdayOrder(weekStart: WeekStart): (a: string, b: string) => number {
  const order = weekStart === 'sunday' ? ['Sun', ...WEEKDAYS.slice(0, 6)] : WEEKDAYS;
  const rank = (label: string) => {
    const at = order.indexOf(label);
    return at < 0 ? 7 : at;
  };
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

// A tag: # or ＃, then a run of letters, marks, decimal digits and _ that starts with no mark.
const TAG = /[#＃]([\p{L}\p{Nd}_][\p{L}\p{M}\p{Nd}_]*)/gu;
const URL_TOKEN = /^(?:https?:\/\/|www\.)/i;

/** The distinct hashtags of a text, lower-cased, in order of first use; none inside a URL. */
export function hashtagsOf(text: string): string[] {
  const tags = new Set<string>();
  for (const token of text.split(/\s+/u)) {
    if (token === '' || URL_TOKEN.test(token)) continue;
    for (const match of token.matchAll(TAG)) tags.add(match[1].toLowerCase());
  }
  return [...tags];
}

/** A hashtags column (Instagram Insights' Hashtags): tags with or without their #, by spaces or commas. */
export function listedHashtags(text: string): string[] {
  return text
    .split(/[\s,，、]+/u)
    .map((word) => word.replace(/^[#＃]/u, ''))
    .flatMap((word) => hashtagsOf(`#${word}`));
}

/** Each format and the post types (lower case, without spaces, _ or -) that are it. */
export const FORMAT_WORDS: [string, string[]][] = [
  ['image', ['photo', 'photos', 'image', 'igimage', 'picture']],
  ['video', ['video', 'videos', 'igvideo', 'sharedvideo', 'live']],
  ['carousel', ['carousel', 'carouselalbum', 'igcarousel', 'album']],
  ['text', ['status', 'text']],
  ['link', ['link', 'links']],
  ['reel', ['reel', 'reels', 'igreel', 'short', 'shorts']],
  ['story', ['story', 'stories', 'igstory']],
];
const FORMAT_OF = new Map(FORMAT_WORDS.flatMap(([format, words]) => words.map((word): [string, string] => [word, format])));

/** A post type as one format of every platform; undefined for a type engage does not know (kept as written, lower-cased). */
export function normalisedFormat(written: string): string | undefined {
  return FORMAT_OF.get(written.toLowerCase().replace(/[\s_-]+/gu, ''));
}
