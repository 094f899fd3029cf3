import { z } from 'zod';
import { UsageError } from '../errors.js';
import { PeriodUnit, WeekStart } from '../time/periods.js';
import { YearOption } from '../schema/yearless.js';

// Every option a metric takes is one zod field, in the library's name
// (groupBy), carrying in .meta() how the command line spells it (--group-by)
// and its help. The CLI, `engage report` and the library API all read these
// schemas: no option is declared twice, and a metric that does not support a
// flag does not have the field, so the flag is never registered for it.

export const OptionMeta = z.object({
  /** Commander's spelling: "--by <basis>", "--per-post", "-f, --format <format>". */
  flag: z.string(),
  help: z.string(),
  /** How an array is given: the flag repeated (default) or one comma-separated value. */
  list: z.enum(['repeat', 'comma']).optional(),
  /** The value is a file's path (growth's --posts): a report reads it from its config's folder, as it reads its inputs. */
  file: z.boolean().optional(),
});
export type OptionMeta = z.output<typeof OptionMeta>;

/** A metric option: its schema, with its flag and help attached. */
export function option<T extends z.ZodType>(schema: T, meta: OptionMeta): T {
  return schema.meta(meta) as T;
}

/** The flag, help and list style of a schema field, or undefined for a library-only field. */
export function optionMeta(field: z.ZodType): OptionMeta | undefined {
  const meta = field.meta();
  return meta && typeof meta.flag === 'string' ? OptionMeta.parse(meta) : undefined;
}

const nonEmptyList = (what: string) => z.array(z.string().trim().min(1, `${what} cannot be empty`));

/** How the input files are read: every metric takes these. */
export const inputOptions = {
  map: option(z.array(z.string()).default([]), {
    flag: '--map <column=Header>',
    help: 'read a column from a header of your own, e.g. likes="Reactions", or a product: amount="Quantity*UnitPrice" (repeatable)',
  }),
  encoding: option(z.string().min(1).optional(), {
    flag: '--encoding <name>',
    help: 'text encoding: utf-8 (default), shift_jis, utf-16le, …; a byte order mark is detected',
  }),
  threads: option(z.number().int().min(1).max(64).optional(), {
    flag: '--threads <n>',
    help: "threads that read one large CSV or NDJSON file, or several files, at once (default: the machine's cores; 1: one); a file that cannot be split is read on one thread, and with --threads 2 or more a note says why",
  }),
  header: option(nonEmptyList('a --header name').optional(), {
    flag: '--header <names>',
    help: 'the names of the columns of a CSV file that has no header line, in order, e.g. customer_id,item,category,event,timestamp (its first line is then data)',
    list: 'comma',
  }),
  sheet: option(z.string().min(1).optional(), { flag: '--sheet <name>', help: 'the sheet of an Excel workbook (.xlsx) to read; default: the first' }),
  engine: option(z.enum(['streaming', 'duckdb', 'clickhouse']).default('streaming'), {
    flag: '--engine <engine>',
    help: 'streaming (engage reads the file), duckdb or clickhouse (an embedded DuckDB or ClickHouse runs the metric\'s SQL form over a CSV, NDJSON or Parquet file; clickhouse needs the package chdb)',
  }),
  duckdbMemory: option(z.string().regex(/^\d+(\.\d+)?\s*[KMGT]i?B$/i, 'a size like 512MB or 2GB').optional(), {
    flag: '--duckdb-memory <size>',
    help: "with --engine duckdb: DuckDB's memory limit, e.g. 256MB; past it DuckDB works on disk",
  }),
  db: option(z.string().regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL: postgres://user:password@host:5432/database').optional(), {
    flag: '--db <url>',
    help: 'compute from a table of a PostgreSQL database instead of files, by the metric\'s SQL form: postgres://user@host/db',
  }),
  table: option(z.string().trim().min(1).optional(), { flag: '--table <name>', help: 'with --db: the table or view (default: posts, events or answers by the metric)' }),
  skipInvalid: option(z.boolean().default(false), {
    flag: '--skip-invalid',
    help: 'leave out rows with bad values instead of stopping; they are counted and reported',
  }),
};

/** Time: how timestamps are read and which of them count. */
export const timeOptions = {
  tz: option(z.string().min(1).default('UTC'), { flag: '--tz <zone>', help: 'IANA time zone for periods and for timestamps without an offset' }),
  weekStart: option(WeekStart.default('monday'), { flag: '--week-start <day>', help: 'first day of a week' }),
  dateFormat: option(z.string().min(1).optional(), {
    flag: '--date-format <pattern>',
    help: 'read timestamps of another shape, e.g. "DD/MM/YYYY HH:mm" (tokens YYYY YY MM DD HH mm ss Z; YY: 69–99 are 19YY, 00–68 20YY)',
  }),
  year: option(YearOption.optional(), {
    flag: '--year <yyyy|from..to>',
    help: 'the year of dates written without one ("July 16", as TikTok Studio writes them), or the export\'s date range when it crosses a new year (2025-02-28..2026-02-27); a date range in the file name also gives it',
  }),
  since: option(z.string().min(1).optional(), { flag: '--since <time>', help: 'only rows at or after this time, e.g. 2026-01-01' }),
  until: option(z.string().min(1).optional(), { flag: '--until <time>', help: 'only rows before this time (exclusive)' }),
};

export const periodOption = option(PeriodUnit.optional(), { flag: '--period <unit>', help: 'one row per calendar period' });

/** For metrics whose table is always per period: --period has a default. */
export const periodOptionDefault = (unit: PeriodUnit) =>
  option(PeriodUnit.default(unit), { flag: '--period <unit>', help: `one row per calendar period (default ${unit})` });

export const groupByOption = option(nonEmptyList('a --group-by column').default([]), {
  flag: '--group-by <column>',
  help: 'one row per value of a column; repeat for several (overall row last)',
});

export const compareOption = option(z.enum(['previous', 'yoy']).optional(), {
  flag: '--compare <against>',
  help: 'change columns against the previous period or the same period a year before',
});

/** The level a tested change is significant at, for the metrics whose changes are tested. */
export const alphaOption = option(z.coerce.number<string>().gt(0, 'alpha is above 0').lt(0.5, 'alpha is below 0.5').optional(), {
  flag: '--alpha <level>',
  help: 'with --compare: the p-value under which a change is marked significant (default 0.05)',
});

/** --alpha acts on tested changes only. */
export function assertAlphaActs(options: { alpha?: number; compare?: string; vs?: string }): void {
  if (options.alpha !== undefined && options.compare === undefined && options.vs === undefined) {
    throw new UsageError('--alpha has nothing to act on here: it is the level of the tests --compare adds', ['add --compare previous (or yoy), or leave out --alpha']);
  }
}

/** Customer-event metrics: which rows count. */
export const eventOptions = {
  events: option(nonEmptyList('an --event name').default([]), { flag: '--event <name>', help: 'count only events of this name (repeatable)' }),
  where: option(z.array(z.string()).default([]), {
    flag: '--where <COLUMN OP VALUE>',
    help: "keep only matching rows, e.g. 'InvoiceNo!^=C' or 'Country=Japan' (repeatable)",
  }),
};

/** Validates options as the library or the CLI passes them; problems become one usage error. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, name: (key: string) => string = (key) => key): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw optionsError(parsed.error, name);
  return parsed.data;
}

/** A zod error about options, written for people: each problem names the option. */
export function optionsError(error: z.ZodError, name: (key: string) => string): UsageError {
  const lines = error.issues.map((issue) => {
    const key = issue.path.length > 0 ? String(issue.path[0]) : '';
    const where = key === '' ? 'options' : name(key);
    if (issue.code === 'unrecognized_keys') return `${where}: unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${where}: ${readableIssue(issue)}`;
  });
  return new UsageError(lines[0], lines.slice(1));
}

function readableIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return 'cannot be empty';
      if (issue.origin === 'array') return issue.message.startsWith('Too small') ? `needs at least ${issue.minimum} values` : issue.message;
      return issue.inclusive ? `must be at least ${issue.minimum}` : `must be greater than ${issue.minimum}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'expected a whole number' : `expected ${issue.expected}`;
    default:
      return issue.message;
  }
}
