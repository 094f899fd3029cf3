import { Option, type Command } from 'commander';
import { extname } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { Format } from '../format/document.js';
import { FORMATS } from '../format/render.js';
import { PeriodUnit, WeekStart } from '../time/periods.js';
import type { Messenger } from '../ui/stderr.js';

// Options shared by every metric command, defined once.

/** The process around a command: streams, whether they are terminals, colour. */
export interface Terminal {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  messenger: Messenger;
  color: boolean;
  showProgress: boolean;
}

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addInputOptions(command: Command): Command {
  return command
    .option('--map <column=Header>', 'read a column from a header of your own, e.g. likes="Reactions", or a product: amount="Quantity*UnitPrice" (repeatable)', collect, [])
    .option('--encoding <name>', 'text encoding: utf-8 (default), shift_jis, utf-16le, …; a byte order mark is detected')
    .option('--skip-invalid', 'leave out rows with bad values instead of stopping; they are counted and reported');
}

export function addPeriodOptions(command: Command): Command {
  return command
    .addOption(new Option('--period <unit>', 'one row per calendar period').choices(PeriodUnit.options))
    .option('--tz <zone>', 'IANA time zone for periods and for timestamps without an offset', 'UTC')
    .option('--date-format <pattern>', 'read timestamps of another shape, e.g. "DD/MM/YYYY HH:mm" (tokens YYYY MM DD HH mm ss Z)')
    .addOption(new Option('--week-start <day>', 'first day of a week').choices(WeekStart.options).default('monday'))
    .option('--since <time>', 'only rows at or after this time, e.g. 2026-01-01')
    .option('--until <time>', 'only rows before this time (exclusive)')
    .option('--group-by <column>', 'one row per value of a column; repeat for several (overall row last)', collect, [])
    .addOption(new Option('--compare <against>', 'change columns against the previous period or the same period a year before').choices(['previous', 'yoy']));
}

export function addEventOptions(command: Command): Command {
  return command
    .option('--event <name>', 'count only events of this name (repeatable)', collect, [])
    .option('--where <COLUMN OP VALUE>', "keep only matching rows, e.g. 'InvoiceNo!^=C' or 'Country=Japan' (repeatable)", collect, []);
}

export function addOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'table on a terminal, csv when piped').choices([...FORMATS]))
    .option('--json', 'same as --format json')
    .option('--csv', 'same as --format csv')
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout; the format follows its extension')
    .option('--bom', 'start CSV with a UTF-8 byte order mark, so Excel opens Japanese text correctly')
    .option('--fail-if <check>', 'exit 1 when the overall row meets it, e.g. "pooled_rate < 0.02" (repeatable); the output is still written', collect, [])
    .option('--fail-if-any', 'apply --fail-if to every row, not only the overall one')
    .option('--no-color', 'no colour, even on a terminal')
    .option('-q, --quiet', 'no notes on stderr, only errors');
}

const RawCommon = z.object({
  map: z.array(z.string()).default([]),
  encoding: z.string().optional(),
  skipInvalid: z.boolean().default(false),
  format: Format.optional(),
  json: z.boolean().optional(),
  csv: z.boolean().optional(),
  output: z.string().min(1).optional(),
  bom: z.boolean().default(false),
  quiet: z.boolean().default(false),
  failIf: z.array(z.string()).default([]),
  failIfAny: z.boolean().default(false),
});

export interface CommonOptions extends Omit<z.output<typeof RawCommon>, 'json' | 'csv' | 'format'> {
  format: Format;
}

export function commonOptions(raw: Record<string, unknown>, stdoutIsTTY: boolean): CommonOptions {
  const parsed = RawCommon.parse(raw);
  const chosen = [parsed.format, parsed.json ? 'json' : undefined, parsed.csv ? 'csv' : undefined].filter((f) => f !== undefined);
  if (new Set(chosen).size > 1) throw new UsageError(`choose one output format, not ${chosen.join(' and ')}`);
  const format = (chosen[0] as Format | undefined) ?? formatOfPath(parsed.output) ?? (stdoutIsTTY && !parsed.output ? 'table' : 'csv');
  const { json: _json, csv: _csv, format: _format, ...rest } = parsed;
  return { ...rest, format };
}

function formatOfPath(path: string | undefined): Format | undefined {
  if (path === undefined) return undefined;
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  if (extension === '.md' || extension === '.markdown') return 'markdown';
  if (extension === '.txt') return 'table';
  return undefined;
}

/** Files from the arguments; none with a terminal on stdin is a usage error, not a hang. */
export function inputFiles(files: string[], terminal: Terminal, usage: string): string[] {
  if (files.length === 0 && terminal.stdin.isTTY) {
    throw new UsageError('no input: give a file, or pipe one in', [`usage: ${usage}`]);
  }
  return files;
}
