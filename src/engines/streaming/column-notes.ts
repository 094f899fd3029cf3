import type { FileHeader, RecordHandler } from '../../io/records.js';
import type { Resolution } from '../../schema/columns.js';
import type { Tally } from '../../notes/tally.js';
import type { RowKind } from '../../schema/row-kinds.js';

// What the column resolution chose where a file gave it a choice, said in
// notes: a column passed over because its values did not fit, a second
// column that also fits a role, a date read with a time of day from another
// column. Only about the columns the metric reads: a choice it does not
// depend on is not news.

export function withColumnNotes(handler: RecordHandler, resolution: Resolution, run: { notes: Tally; kind: RowKind }, file: FileHeader): RecordHandler {
  const used = handler.usedColumns === undefined ? undefined : new Set(handler.usedColumns);
  const reads = (index: number) => used === undefined || used.has(index);
  const note = (text: string) => run.notes.add(`columns:${file.file}:${text}`, () => text, () => ({ file: file.file, line: file.headerLine }));
  const time = resolution.timeOfDay;
  const dated = time && resolution.columns.get(time.column);
  if (time && dated && reads(dated.index)) {
    note(`${time.column} is the date in "${dated.header}" at the time of day in "${time.header}" (a column of times of day alone)`);
  }
  for (const refused of resolution.refused) {
    const taken = resolution.columns.get(refused.column);
    if (taken === undefined || !reads(taken.index) || refused.index === time?.index) continue;
    note(`"${refused.header}" was not read as ${refused.column}: ${refused.why}; "${taken.header}" was (--map ${refused.column}="${refused.header}" to read the other)`);
  }
  // The posts plan words its own (X's Shares and Reposts, several date columns of one post).
  if (run.kind !== 'posts') {
    for (const shadow of resolution.shadowed) {
      const taken = resolution.columns.get(shadow.column);
      if (taken === undefined || !reads(taken.index)) continue;
      note(`"${shadow.header}" could also be ${shadow.column}; "${shadow.usedHeader}" was used (--map ${shadow.column}="${shadow.header}" to use the other)`);
    }
  }
  return handler;
}
