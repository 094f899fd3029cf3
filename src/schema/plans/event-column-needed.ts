import { UsageError } from '../../errors.js';
import type { FileHeader } from '../../io/records.js';
import { cellText } from '../blank.js';
import type { Resolution } from '../columns.js';

// --event, --steps and the like choose rows by the event's name. A file with
// no column recognised as the event would have every row count as each
// named event (a funnel of zeros, every row an order): engage stops instead,
// and names the column whose values hold those names, when one does.

export function eventColumnNeeded(file: FileHeader, resolution: Resolution, flag: string, names: readonly string[]): UsageError {
  const wanted = new Set(names.map((name) => name.trim().toLowerCase()));
  const sample = file.sample ?? [];
  const holding = file.header.filter((_, index) => sample.some((record) => wanted.has(cellText(record[index]).toLowerCase())));
  // Else the columns of short words, which event names are (the file's start may not hold the names asked for).
  const wordy = file.header
    .map((header, index) => ({ header, values: [...new Set(sample.map((record) => cellText(record[index])).filter((v) => v !== ''))] }))
    .filter(({ values }) => values.length > 0 && values.length <= 20 && values.every((v) => /^[\p{L}][\p{L}\p{N} _.:-]{0,40}$/u.test(v)));
  const passedOver = resolution.refused.filter((r) => r.column === 'event');
  return new UsageError(`${flag} needs an event column, and ${file.file} has none that engage recognised`, [
    ...passedOver.map((r) => `"${r.header}" was passed over: ${r.why}`),
    ...(holding.length > 0
      ? holding.map((header) => `the names ${names.map((n) => `"${n}"`).join(', ')} are in the column "${header}": --map event="${header}"`)
      : [
          `name the column that holds the event names (${names.join(', ')}) with --map event="Your header"`,
          ...(wordy.length > 0 ? [`columns of names at the file's start: ${wordy.slice(0, 8).map(({ header, values }) => `"${header}" (${values.slice(0, 3).join(', ')}${values.length > 3 ? ', …' : ''})`).join('; ')}`] : []),
        ]),
    `the file's columns: ${file.header.map((h) => `"${h}"`).join(', ')}`,
  ]);
}

