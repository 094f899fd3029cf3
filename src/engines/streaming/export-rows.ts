import { CellBytes, cellAt, readingColumns, type FileHeader, type RecordHandler } from '../../io/records.js';
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
  const fallbacks = (resolution.fallbacks ?? []).map((fallback, place) => ({ ...fallback, own: resolution.columns.get(fallback.column)!, place }));
  const composite = resolution.composite;
  const utc = resolution.native?.utcTimes ? resolution.columns.get('timestamp') : undefined;
  if (fallbacks.length === 0 && composite === undefined && utc === undefined) return handler;
  if (composite !== undefined) {
    const text = `${composite.column}: one per ${composite.header}, as the export has no order id`;
    notes.add(`composite:${file.file}`, () => text, () => ({ file: file.file, line: file.headerLine }));
  }
  const kept = new Set([...(composite?.parts ?? []), ...(composite ? [composite.index] : []), ...(utc ? [utc.index] : [])]);
  const inBytes = bytesFallbacks(fallbacks, handler, kept);
  const byCells = fallbacks.filter((f) => !inBytes.some((b) => b.fallback === f));
  const written = new Set([...byCells.map((f) => f.own.index), ...kept]);
  const read = [...fallbacks.flatMap((f) => f.from.map((c) => c.index)), ...(composite?.parts ?? [])];
  const touched = new Set([...written, ...read]);
  // Each stand-in's note, made once: its key built and hashed row by row was a twentieth of reading GA4's export.
  const here = () => ({ file: file.file, line: line() });
  // By the fallback's place among them: a map's lookup a row was 0.4 % of reading GA4's export.
  const standNotes = fallbacks.map((fallback) =>
    fallback.from.map((stand) => ({
      key: `fallback:${file.file}:${fallback.column}:${stand.header}`,
      describe: (n: number) => `${counted(n, 'row')} with a blank "${fallback.own.header}" took ${fallback.column} from "${stand.header}", as the export documents`,
    })),
  );
  const tookFrom = (fallback: (typeof fallbacks)[number], stand: number) => {
    const note = standNotes[fallback.place][stand];
    notes.add(note.key, note.describe, here);
  };
  return readingColumns(
    (cells) => {
      for (const fallback of byCells) {
        if (!isBlankCell(cells[fallback.own.index])) continue;
        const stand = fallback.from.findIndex((c) => !isBlankCell(cells[c.index]));
        if (stand < 0) continue;
        cells[fallback.own.index] = cells[fallback.from[stand].index];
        tookFrom(fallback, stand);
      }
      for (const { fallback, handed, own, stands } of inBytes) {
        handed.to = -1;
        if (!blank(own, cells)) {
          handed.copyFrom(own);
          continue;
        }
        const at = stands.findIndex((stand) => !blank(stand, cells));
        if (at < 0) continue;
        const stand = stands[at];
        if (stand.to >= 0) handed.copyFrom(stand);
        else cells[own.column] = cells[stand.column];
        tookFrom(fallback, at);
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
    // Columns read or written here are cells, never left to the file's bytes (a byte-scanning reader leaves those cells ''),
    // but for a fallback taken as bytes, whose own and stand-in columns' bytes this reads.
    {
      counts: handler.countColumns?.filter((i) => !touched.has(i)),
      cellBytes: [...(handler.cellBytes?.filter((c) => !touched.has(c.column) && !inBytes.some((b) => b.handed === c)) ?? []), ...inBytes.flatMap((b) => [b.own, ...b.stands])],
    },
  );
}

/** A fallback handed on as bytes: the handler's CellBytes of its column, and this layer's of the column and its stand-ins. */
interface BytesFallback<F> {
  fallback: F;
  handed: CellBytes;
  own: CellBytes;
  stands: CellBytes[];
}

/**
 * The fallbacks whose column the handler takes as bytes (the customer's id,
 * mostly): the reader then hands this layer the column's and the stand-ins'
 * bytes, and the cell that counts goes on as bytes, as it would without a
 * fallback. GA4's user_pseudo_id stands in for user_id on most rows; as text,
 * each was made a string and interned from it. Not when a stand-in is also
 * read as a cell (by the handler, a composite id, a UTC time): a byte-reading
 * reader leaves such a cell ''.
 */
function bytesFallbacks<F extends { own: { index: number }; from: { index: number }[] }>(fallbacks: F[], handler: RecordHandler, kept: ReadonlySet<number>): BytesFallback<F>[] {
  // A handler that names no columns reads them all as cells.
  if (handler.usedColumns === undefined) return [];
  const asCells = new Set([...handler.usedColumns, ...kept]);
  // A reader fills one CellBytes a column: each column is claimed once, by the handler or here.
  const claimed = new Set((handler.cellBytes ?? []).map((c) => c.column));
  return fallbacks.flatMap((fallback) => {
    const handed = handler.cellBytes?.find((c) => c.column === fallback.own.index);
    if (handed === undefined || kept.has(fallback.own.index) || fallback.from.some((c) => asCells.has(c.index) || claimed.has(c.index))) return [];
    fallback.from.forEach((c) => claimed.add(c.index));
    return [{ fallback, handed, own: new CellBytes(fallback.own.index), stands: fallback.from.map((c) => new CellBytes(c.index)) }];
  });
}

/** Whether a cell read as bytes (or, when the reader gave none, as a cell) is blank: plain bytes never are, and make no string. */
function blank(bytes: CellBytes, cells: readonly unknown[]): boolean {
  return !(bytes.to >= 0 && bytes.plain()) && isBlankCell(cellAt(cells, bytes.column, bytes));
}
