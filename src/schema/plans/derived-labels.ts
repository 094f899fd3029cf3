import { counted } from '../../notes/plural.js';
import type { DataLocation } from '../../errors.js';
import type { TimeZone } from '../../time/zone.js';
import { cellText } from '../blank.js';
import { BLANK_LABEL } from '../values.js';
import type { CellLabels } from './cell-labels.js';
import { hashtagsOf, hourLabel, listedHashtags, normalisedFormat, weekdayLabel } from './derived-groups.js';
import type { GroupBy } from './post-columns.js';
import type { RowContext } from './row-plan.js';

// A post's labels when --group-by names a derived grouping: for each
// grouping the labels it has (a post has one weekday, one format, and each
// of its hashtags), and the sets of labels it counts in, one per hashtag.

/** Posts whose text has no hashtag, in one row of their own. */
export const NO_HASHTAG = '(none)';

/** `clock`: whether the post's time was written with a time of day, not a date alone (which has no hour). */
export type DeriveLabels = (shown: string[], labels: readonly CellLabels[], cells: readonly unknown[], timestamp: number, clock: boolean) => string[][];

export function derivedLabels(groups: readonly GroupBy[], zone: TimeZone, context: RowContext, here: () => () => DataLocation): DeriveLabels {
  const options: string[][] = groups.map(() => []);
  return (shown, labels, cells, timestamp, clock) => {
    let column = 0;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      const local = timestamp + (Number.isNaN(timestamp) ? 0 : zone.offsetAt(timestamp));
      switch (group.derived) {
        case undefined:
          options[g] = [labels[column++].of(cells)];
          break;
        case '@weekday':
        case '@hour':
          if (Number.isNaN(timestamp)) {
            options[g] = [];
            context.notes.add(`derived:no-time:${group.derived}`, (n) => `${counted(n, 'post')} without a time in no ${group.derived} group (counted in the overall row)`, here());
          } else if (group.derived === '@hour' && !clock) {
            options[g] = [];
            context.notes.add('derived:date-only:@hour', (n) => `${counted(n, 'post')} dated without a time of day in no @hour group (counted in the overall row)`, here());
          } else options[g] = [group.derived === '@weekday' ? weekdayLabel(local) : hourLabel(local)];
          break;
        case '@format':
          options[g] = [formatLabel(cellText(cells[group.index]))];
          break;
        case '@hashtag': {
          const tags = new Set([...hashtagsOf(cellText(cells[group.index])), ...(group.listed ? listedHashtags(cellText(cells[group.listed.index])) : [])]);
          options[g] = tags.size === 0 ? [NO_HASHTAG] : [...tags];
          break;
        }
      }
      shown[g] = options[g].join(' ');
    }
    return product(options);
  };

  function formatLabel(written: string): string {
    if (written === '') return BLANK_LABEL;
    const format = normalisedFormat(written);
    if (format !== undefined) return format;
    const kept = written.toLowerCase();
    context.notes.add(`derived:format:${kept}`, (n) => `${counted(n, 'post')} of type "${written}", none of video, image, carousel, text, link, reel, story: kept as "${kept}"`, here());
    return kept;
  }
}

/** Every choice of one label per grouping. */
function product(options: readonly string[][]): string[][] {
  let sets: string[][] = [[]];
  for (const choices of options) sets = sets.flatMap((set) => choices.map((choice) => [...set, choice]));
  return sets;
}
