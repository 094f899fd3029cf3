import { z } from 'zod';
import { UsageError } from '../errors.js';
import { Format } from '../format/document.js';
import { formatOfPath } from '../format/format-of-path.js';
import { option } from '../metrics/options.js';

// Where and how a command writes its table: the same flags on every command
// that prints one, declared once.

export const OutputOptions = z.strictObject({
  format: option(Format.optional(), { flag: '-f, --format <format>', help: 'table on a terminal, csv when piped' }),
  json: option(z.boolean().default(false), { flag: '--json', help: 'same as --format json' }),
  csv: option(z.boolean().default(false), { flag: '--csv', help: 'same as --format csv' }),
  output: option(z.string().min(1).optional(), {
    flag: '-o, --output <file>',
    help: 'write to a file (atomically) instead of stdout; the format follows its extension',
  }),
  bom: option(z.boolean().default(false), { flag: '--bom', help: 'start CSV with a UTF-8 byte order mark, so Excel opens Japanese text correctly' }),
  failIf: option(z.array(z.string()).default([]), {
    flag: '--fail-if <check>',
    help: 'exit 1 when the overall row meets it, e.g. "pooled_rate < 0.02" (repeatable); the output is still written',
  }),
  failIfAny: option(z.boolean().default(false), { flag: '--fail-if-any', help: 'apply --fail-if to every row, not only the overall one' }),
  quiet: option(z.boolean().default(false), { flag: '-q, --quiet', help: 'no notes on stderr, only errors' }),
});

/** The output flags a command without a table to write to a file takes (`report`'s summary). */
export const SummaryOutputOptions = OutputOptions.pick({ format: true, json: true, csv: true, quiet: true });

export interface Output {
  format: Format;
  output?: string;
  bom: boolean;
  failIf: string[];
  failIfAny: boolean;
}

/** The one format asked for: --format, --json, --csv, -o's extension, else table on a terminal and CSV in a pipe. */
export function chooseOutput(options: Partial<z.output<typeof OutputOptions>>, stdoutIsTTY: boolean): Output {
  const asked: (Format | undefined)[] = [options.format, options.json ? 'json' : undefined, options.csv ? 'csv' : undefined];
  const chosen = asked.filter((f): f is Format => f !== undefined);
  if (new Set(chosen).size > 1) throw new UsageError(`choose one output format, not ${chosen.join(' and ')}`);
  const fromPath = options.output === undefined ? undefined : formatOfPath(options.output);
  const format = chosen[0] ?? fromPath ?? (stdoutIsTTY && options.output === undefined ? 'table' : 'csv');
  return { format, output: options.output, bom: options.bom ?? false, failIf: options.failIf ?? [], failIfAny: options.failIfAny ?? false };
}
