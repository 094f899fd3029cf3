// The columns of a JSON record: nested objects become dotted columns
// (`properties.plan`), and the key/value lists that GA4's BigQuery export
// writes (`event_params: [{key, value: {string_value | int_value | …}}]`)
// become one column per key (`event_params.page_location`). Any other array
// stays one cell, as its JSON text. A file's columns are the union of its
// records' columns, in the order they were first seen.

/** A plain object (not an array, not null). */
function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The typed fields of a GA4 parameter's value, in the order GA4 fills them. */
const GA4_VALUE_FIELDS = ['string_value', 'int_value', 'double_value', 'float_value'] as const;

/** Whether an array is GA4's list of {key, value: {…_value}} parameters. */
function isKeyValueList(list: unknown[]): list is { key: string; value: Record<string, unknown> }[] {
  return list.length > 0 && list.every((item) => isObject(item) && typeof item.key === 'string' && isObject(item.value) && Object.keys(item).length === 2);
}

/** A GA4 parameter's one value: the first of its typed fields that is set. */
function keyValue(value: Record<string, unknown>): unknown {
  for (const field of GA4_VALUE_FIELDS) {
    const typed = value[field];
    if (typed !== null && typed !== undefined) return typed;
  }
  return null;
}

/** Calls `visit` with each column of a record and its value. */
export function visitColumns(record: Record<string, unknown>, visit: (column: string, value: unknown) => void, prefix = ''): void {
  for (const key in record) {
    const value = record[key];
    const column = prefix + key;
    if (isObject(value) && Object.keys(value).length > 0) {
      visitColumns(value, visit, `${column}.`);
    } else if (Array.isArray(value) && isKeyValueList(value)) {
      for (const item of value) visit(`${column}.${item.key}`, keyValue(item.value));
    } else if (Array.isArray(value) || isObject(value)) {
      visit(column, JSON.stringify(value));
    } else {
      visit(column, value);
    }
  }
}

/** Whether a record has nested objects or key/value lists (so some column names are paths). */
function isNested(record: Record<string, unknown>): boolean {
  for (const key in record) {
    const value = record[key];
    if ((isObject(value) && Object.keys(value).length > 0) || (Array.isArray(value) && isKeyValueList(value))) return true;
  }
  return false;
}

/** The union of records' columns in first-seen order. */
export class ColumnUnion {
  private readonly all: string[] = [];
  private readonly seen = new Set<string>();
  /** Columns with a value other than null somewhere. */
  private readonly valued = new Set<string>();
  /** The last record's key list, joined: records of one shape skip the per-key work. */
  private lastShape = '';

  add(record: Record<string, unknown>): void {
    const shape = Object.keys(record).join('\u0000');
    const nested = isNested(record);
    if (shape === this.lastShape && !nested) return;
    this.lastShape = shape;
    visitColumns(record, (column, value) => {
      if (value !== null && value !== undefined) this.valued.add(column);
      if (this.seen.has(column)) return;
      this.seen.add(column);
      this.all.push(column);
    });
  }

  /**
   * The columns, but for an object that is only ever null where its fields are
   * columns of their own (a Parquet struct column, null on the rows without it).
   */
  get columns(): string[] {
    return this.all.filter((column) => this.valued.has(column) || !this.all.some((other) => other.startsWith(`${column}.`)));
  }
}

/**
 * A record's cells in the order of `columns` (a missing key is undefined:
 * a blank cell). `positions` maps each column to its index. `closed`: a
 * column not among them is thrown (ColumnNotInHeader), not passed over.
 */
export function cellsOf(record: Record<string, unknown>, positions: ReadonlyMap<string, number>, width: number, nested: boolean, closed = false): unknown[] {
  const cells = new Array<unknown>(width).fill(undefined);
  if (!nested) {
    for (const key in record) {
      const at = positions.get(key);
      if (at === undefined) {
        if (closed) throw new ColumnNotInHeader(key);
        continue;
      }
      const value = record[key];
      cells[at] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
    }
    return cells;
  }
  visitColumns(record, (column, value) => {
    const at = positions.get(column);
    if (at !== undefined) cells[at] = value;
    else if (closed) throw new ColumnNotInHeader(column);
  });
  return cells;
}

/** A record with a column its reader was not given (see cellsOf's `closed`): the reader must start again with every column. */
export class ColumnNotInHeader extends Error {}

