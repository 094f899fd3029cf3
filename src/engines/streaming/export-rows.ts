import { readingColumns, type FileHeader, type RecordHandler } from '../../io/records.js';
import type { Tally } from '../../notes/tally.js';
import { counted } from '../../notes/plural.js';
import { cellText, isBlankCell } from '../../schema/blank.js';
import type { Resolution } from '../../schema/columns.js';

// What a known export documents per row (Resolution.fallbacks, .composite):
// a blank cell of a column takes the cell of its fallback (Stripe's Customer
// Email where there is no Customer ID; GA4's user_pseudo_id where there is no
// user_id), counted in a note; an order id made of several columns (GA4's
// items: one purchase per user and event_timestamp) is written past the
// file's own columns.

/** The header the row plan sees: the file's, with the made order id's column after them. */
export function withCompositeHeader(file: FileHeader, resolution: Resolution): FileHeader {
  const composite = resolution.composite;
  return composite === undefined ? file : { ...file, header: [...file.header, composite.header] };
}

export function readingExportRows(handler: RecordHandler, resolution: Resolution, notes: Tally, file: FileHeader, line: () => number): RecordHandler {
  const fallbacks = (resolution.fallbacks ?? []).map((fallback) => ({ ...fallback, own: resolution.columns.get(fallback.column)! }));
  const composite = resolution.composite;
  const utc = resolution.native?.utcTimes ? resolution.columns.get('timestamp') : undefined;
  if (fallbacks.length === 0 && composite === undefined && utc === undefined) return handler;
  if (composite !== undefined) {
    const text = `${composite.column}: one per ${composite.header}, as the export has no order id`;
    notes.add(`composite:${file.file}`, () => text, () => ({ file: file.file, line: file.headerLine }));
  }
  const written = new Set([...fallbacks.map((f) => f.own.index), ...(composite ? [composite.index] : []), ...(utc ? [utc.index] : [])]);
  const read = [...fallbacks.flatMap((f) => f.from.map((c) => c.index)), ...(composite?.parts ?? [])];
  const touched = new Set([...written, ...read]);
  return readingColumns(
    (cells) => {
      for (const fallback of fallbacks) {
        if (!isBlankCell(cells[fallback.own.index])) continue;
        const stand = fallback.from.find((c) => !isBlankCell(cells[c.index]));
        if (stand === undefined) continue;
        cells[fallback.own.index] = cells[stand.index];
        notes.add(
          `fallback:${file.file}:${fallback.column}:${stand.header}`,
          (n) => `${counted(n, 'row')} with a blank "${fallback.own.header}" took ${fallback.column} from "${stand.header}", as the export documents`,
          () => ({ file: file.file, line: line() }),
        );
      }
      if (composite !== undefined) cells[composite.index] = composite.parts.map((i) => cellText(cells[i])).join('\u0001');
      // A time the export writes in UTC without an offset: said, so that --tz does not move it.
      if (utc !== undefined && typeof cells[utc.index] === 'string') {
        const text = (cells[utc.index] as string).trim();
        if (/\d:\d\d(?::\d\d(?:\.\d+)?)?$/.test(text)) cells[utc.index] = `${text}Z`;
      }
      handler(cells);
    },
    handler.usedColumns && [...handler.usedColumns.filter((i) => i < file.header.length), ...read],
    // Columns read or written here are cells, never left to the file's bytes (a byte-scanning reader leaves those cells '').
    { counts: handler.countColumns?.filter((i) => !touched.has(i)), cellBytes: handler.cellBytes?.filter((c) => !touched.has(c.column)) },
  );
}
