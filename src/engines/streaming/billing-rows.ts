import { readingColumns, type FileHeader, type RecordHandler } from '../../io/records.js';
import { counted } from '../../notes/plural.js';
import type { Tally } from '../../notes/tally.js';
import { billingExportOf, billingReader } from '../../schema/exports/billing-exports.js';

// A billing export with one row per subscription (Stripe's, Chargebee's,
// Recurly's) handed on as the subscription events each row stands for; the
// notes say how the file was read and what was left out.

export interface BillingRows {
  /** The header (and sample) the row plan sees: the export's columns, then the event columns. */
  header: FileHeader;
  /** --map with the event columns (the user's own wins). */
  map: Map<string, string>;
  reading(handler: RecordHandler): RecordHandler;
}

export function billingRows(file: FileHeader, map: ReadonlyMap<string, string>, notes: Tally, line: () => number): BillingRows | undefined {
  const format = billingExportOf(file.header);
  if (format === undefined) return undefined;
  const reader = billingReader(format, file.header);
  const at = () => ({ file: file.file, line: line() });
  notes.add(`billing:${file.file}`, () => `${file.file}: read as the ${format.name}, each subscription as its trial, start and end`, () => ({ file: file.file, line: file.headerLine }));
  return {
    header: { ...file, header: reader.header, sample: file.sample?.flatMap((record) => reader.expand(record).events) },
    map: new Map([...reader.map, ...map]),
    reading: (handler) =>
      readingColumns((cells) => {
        const { events, skipped, unapplied } = reader.expand(cells);
        if (skipped === 'never-paid') notes.add(`billing-unpaid:${file.file}`, (n) => `${counted(n, 'subscription')} never paid (status incomplete or future) left out`, at);
        if (unapplied) notes.add(`billing-unapplied:${file.file}`, (n) => `${counted(n, 'subscription')} with a ${format.unapplied}: it names a coupon, not an amount, so MRR is before it`, at);
        for (const event of events) handler(event);
      }, undefined),
  };
}
