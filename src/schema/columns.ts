import { z } from 'zod';
import { DataError, UsageError } from '../errors.js';
import { isBlankCell } from './blank.js';
import type { NativeExport } from './exports/native-exports.js';
import { isDateOnly, isTimeOfDay, valueMisfit } from './value-fit.js';

// Canonical columns are declared once, as zod object schemas whose fields
// carry their header aliases in .meta(); the row types and the header
// matching both come from there.

export const ColumnKind = z.enum(['text', 'count', 'number', 'timestamp']);
export type ColumnKind = z.output<typeof ColumnKind>;

export const ColumnMeta = z.object({
  kind: ColumnKind,
  /** Header names that mean this column, in order of preference. */
  aliases: z.array(z.string()),
  description: z.string(),
});
export type ColumnMeta = z.output<typeof ColumnMeta>;

// Field constructors for the row schemas: the zod type and the header aliases together.
export const textColumn = (description: string, aliases: string[]) =>
  z.string().optional().meta({ kind: 'text', aliases, description } satisfies ColumnMeta);
/** A non-negative count (followers, likes …). */
export const countColumn = (description: string, aliases: string[]) =>
  z.number().nonnegative().optional().meta({ kind: 'count', aliases, description } satisfies ColumnMeta);
/** Any number (an amount, which refunds make negative; a score). */
export const numberColumn = (description: string, aliases: string[]) =>
  z.number().optional().meta({ kind: 'number', aliases, description } satisfies ColumnMeta);
export const timestampColumn = (description: string, aliases: string[]) =>
  z.number().optional().meta({ kind: 'timestamp', aliases, description } satisfies ColumnMeta);

export interface ColumnSpec extends ColumnMeta {
  name: string;
}

export function columnSpecs(schema: z.ZodObject): ColumnSpec[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const meta = ColumnMeta.parse((field as z.ZodType).meta());
    return { name, ...meta };
  });
}

/** Case-, width- and space-insensitive form of a header, for matching. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[\s_\-.'"’‘]+/g, '');
}

export interface ResolvedColumn {
  name: string;
  index: number;
  header: string;
  /** How it was found: its canonical name, an alias, --map, or a known export's own columns. */
  via: 'name' | 'alias' | 'map' | 'export';
}

export interface Resolution {
  columns: Map<string, ResolvedColumn>;
  /** Headers that also matched an already resolved column, left unused. */
  shadowed: { header: string; column: string; usedHeader: string }[];
  /** Headers whose name matched a column but whose first values do not fit it (see valueMisfit). */
  refused: { header: string; index: number; column: string; why: string }[];
  /**
   * A time column whose values are times of day alone, read with the date
   * column that was taken for `column`: each row's time is the date's day at
   * that time (a workbook edited to split "Publish time" into a date and a time).
   */
  timeOfDay?: { column: string; index: number; header: string };
  /** Per-row fallbacks of a known export (NativeExport.fallbacks): the columns whose cell stands in for a blank one. */
  fallbacks?: { column: string; from: { index: number; header: string }[] }[];
  /** An order id made of several columns (NativeExport.orderFrom), at `index`, past the file's own columns. */
  composite?: { column: string; index: number; header: string; parts: number[] };
  /** The known export the header is, read with its own columns and quirks. */
  native?: NativeExport;
}

/**
 * Finds each canonical column in a file's header: first a --map override,
 * then the canonical name, then the aliases in order.
 */
export function resolveColumns(
  header: readonly string[],
  specs: readonly ColumnSpec[],
  map: ReadonlyMap<string, string>,
  file: string,
  sample?: readonly (readonly unknown[])[],
): Resolution {
  const positions = headerPositions(header);
  const columns = new Map<string, ResolvedColumn>();
  const shadowed: Resolution['shadowed'] = [];
  const refused: Resolution['refused'] = [];
  // A header is a guess until its first values agree (a --map is the user's word and is not judged).
  const misfit = (spec: ColumnSpec, index: number): string | undefined => (sample === undefined ? undefined : valueMisfit(spec, sample.map((record) => record[index])));
  const hasValues = (index: number): boolean => sample === undefined || sample.some((record) => !isBlankCell(record[index]));
  // A header given to one column with --map is not matched to another by name.
  const claimed = new Set([...map.values()].map((name) => findNamedHeader(header, name)));
  for (const spec of specs) {
    const mapped = map.get(spec.name);
    if (mapped !== undefined) {
      const index = findNamedHeader(header, mapped);
      if (index === undefined) {
        const near = findHeader(header, mapped, positions);
        throw new UsageError(`--map ${spec.name}="${mapped}": ${file} has no column "${mapped}"`, [
          ...(near === undefined ? [] : [`did you mean --map ${spec.name}="${header[near]}"?`]),
          `its columns are: ${header.map((h) => `"${h}"`).join(', ')}`,
        ]);
      }
      columns.set(spec.name, { name: spec.name, index, header: header[index], via: 'map' });
      continue;
    }
    // The candidates that fit, in the order of the names; the first whose sample has values wins
    // over one whose sample is all blank (a question most people skipped says nothing of its scale).
    const fitting: { index: number; via: ResolvedColumn['via'] }[] = [];
    for (const candidate of [spec.name, ...spec.aliases]) {
      const index = positions.get(normalizeHeader(candidate))?.[0];
      if (index === undefined || claimed.has(index) || fitting.some((f) => f.index === index)) continue;
      // A header that is the column's own name is taken at its word, as --map is; an alias is a guess.
      const why = candidate === spec.name ? undefined : misfit(spec, index);
      if (why !== undefined) {
        if (!refused.some((r) => r.index === index && r.column === spec.name)) refused.push({ header: header[index], index, column: spec.name, why });
        continue;
      }
      fitting.push({ index, via: candidate === spec.name ? 'name' : 'alias' });
    }
    const chosen = fitting.find((f) => hasValues(f.index)) ?? fitting[0];
    if (chosen === undefined) continue;
    columns.set(spec.name, { name: spec.name, index: chosen.index, header: header[chosen.index], via: chosen.via });
    for (const other of fitting) {
      if (other !== chosen) shadowed.push({ header: header[other.index], column: spec.name, usedHeader: header[chosen.index] });
    }
  }
  return { columns, shadowed, refused, timeOfDay: timeOfDayBeside(columns, refused, specs, sample) };
}

/**
 * The rule for a date and a time of day in two columns: when a time column
 * was refused for holding times of day alone and the column taken for the
 * same role holds dates alone, the two are read together.
 */
function timeOfDayBeside(
  columns: ReadonlyMap<string, ResolvedColumn>,
  refused: Resolution['refused'],
  specs: readonly ColumnSpec[],
  sample: readonly (readonly unknown[])[] | undefined,
): Resolution['timeOfDay'] {
  if (sample === undefined) return undefined;
  for (const spec of specs) {
    if (spec.kind !== 'timestamp') continue;
    const date = columns.get(spec.name);
    const time = refused.find((r) => r.column === spec.name && sample.some((record) => isTimeOfDay(record[r.index])));
    if (date === undefined || time === undefined) continue;
    const dates = sample.map((record) => record[date.index]).filter((cell) => !isBlankCell(cell));
    if (dates.length > 0 && dates.every(isDateOnly)) return { column: spec.name, index: time.index, header: time.header };
  }
  return undefined;
}

function headerPositions(header: readonly string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  header.forEach((name, index) => {
    const key = normalizeHeader(name);
    const list = positions.get(key);
    if (list) list.push(index);
    else positions.set(key, [index]);
  });
  return positions;
}

/**
 * Position of a header a person named (--map): the header itself, or the same
 * but for letter case, width and surrounding spaces. Unlike alias matching,
 * "CustomerID" does not find "customer_id": a named header means that column alone.
 */
export function findNamedHeader(header: readonly string[], name: string): number | undefined {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const wanted = name.normalize('NFKC').trim().toLowerCase();
  const index = header.findIndex((h) => h.normalize('NFKC').trim().toLowerCase() === wanted);
  return index >= 0 ? index : undefined;
}

/** Position of a header named loosely (case, width and spacing ignored). */
export function findHeader(
  header: readonly string[],
  name: string,
  positions = headerPositions(header),
): number | undefined {
  return positions.get(normalizeHeader(name))?.[0];
}

/**
 * A required column the header lacks, reported from the header with every
 * name that would have been accepted. `mapExample` shows --map with a header
 * of the user's kind ("Your header", or a survey question).
 */
export function missingColumnError(
  file: { file: string; headerLine: number; header: readonly string[] },
  spec: ColumnSpec,
  why: string,
  mapExample = 'Your header',
  refused: Resolution['refused'] = [],
): DataError {
  const passedOver = refused.filter((r) => r.column === spec.name);
  return new DataError({ file: file.file, line: file.headerLine }, `no ${spec.name} column, ${why}`, [
    ...passedOver.map((r) => `"${r.header}" was passed over: ${r.why} (--map ${spec.name}="${r.header}" reads it all the same)`),
    `accepted headers: ${[spec.name, ...spec.aliases].map((a) => `"${a}"`).join(', ')}`,
    `or name yours: --map ${spec.name}="${mapExample}"`,
    `the file's columns: ${file.header.map((h) => `"${h}"`).join(', ')}`,
  ]);
}

/** The spec of a canonical column by name (the name must be one of specs). */
export function specNamed(specs: readonly ColumnSpec[], name: string): ColumnSpec {
  return specs.find((spec) => spec.name === name)!;
}

/**
 * The column a --group-by names: a canonical column (by its name, so "platform"
 * finds "Network") or any header of the file.
 */
export function groupColumn(name: string, header: readonly string[], resolution: Resolution, at: { file: string; line: number }, flag = `--group-by "${name}"`): ResolvedColumn {
  const canonical = resolution.columns.get(name);
  if (canonical) return canonical;
  const index = findHeader(header, name);
  if (index !== undefined) return { name, index, header: header[index], via: 'name' };
  throw new DataError(at, `${flag}: the file has no column "${name}"`, [`the file's columns: ${header.map((h) => `"${h}"`).join(', ')}`]);
}

/** A used column whose header appears twice is ambiguous: which one counts? */
export function assertUsedHeadersUnique(header: readonly string[], used: Iterable<number>, file: string, headerLine: number): void {
  const positions = headerPositions(header);
  for (const index of used) {
    const same = positions.get(normalizeHeader(header[index]))!;
    if (same.length > 1) {
      throw new DataError(
        { file, line: headerLine, column: header[index] },
        `the header "${header[index]}" appears ${same.length} times (columns ${same.map((i) => i + 1).join(', ')}), so it is unclear which one to use`,
        ['rename one of them in the file, or pick one with --map'],
      );
    }
  }
}

/** Parses repeated --map canonical=Header options against the known names. */
export function parseMapOptions(values: readonly string[], specs: readonly ColumnSpec[]): Map<string, string> {
  const known = new Set(specs.map((s) => s.name));
  const map = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq > 0 ? value.slice(0, eq).trim() : '';
    const target = eq > 0 ? value.slice(eq + 1).trim() : '';
    if (!name || !target) {
      throw new UsageError(`--map "${value}" is not of the form column=Header`, ['example: --map likes="Reactions"']);
    }
    if (!known.has(name)) {
      throw new UsageError(`--map ${name}=…: "${name}" is not a column engage knows`, [
        `known columns: ${[...known].join(', ')}`,
      ]);
    }
    map.set(name, target);
  }
  return map;
}

/** An output column name for a header: "Post Type" → post_type; "公開時間" stays as it is. */
export function snakeCase(name: string): string {
  return name.trim().replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '');
}
