import { containerEnd } from './chunk-memory.js';
import { MemberTable, slotAt, STRING_VALUE } from './ndjson-members.js';
import { CellBytes, type RecordHandler } from './records.js';
import { ColumnNotInHeader, visitColumns } from './json-columns.js';
import { BACKSLASH, CLOSE_BRACE, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE, isSpace } from './json-bytes.js';

// NDJSON records cut from their bytes, as the CSV scanner cuts fields: once
// a handler has said which columns it reads, each line's keys are found in
// its bytes (a key is compared with the one at the same place in the line
// before, so no string is made for it), values of other keys are stepped
// over without being decoded, strings become text only when read (an id or
// a timestamp a handler takes as bytes never does), and numbers are read
// from their digits. A nested object or list is walked only when a column
// reads into it, and then parsed with JSON.parse, so its cells are exactly
// those of json-columns.ts. A line this scanner does not take (not an
// object, an escaped key, anything malformed) is answered undefined: the
// caller parses it as JSON, which reads it or says what is wrong with it.

const MINUS = 0x2d;
const [LOWER_A, LOWER_E, LOWER_F, LOWER_L, LOWER_N, LOWER_R, LOWER_S, LOWER_T, LOWER_U] = [...'aeflnrstu'].map((c) => c.charCodeAt(0));
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** Where a key of a line leads: a column, an object some column reads into, or nothing read. */
interface KeyTarget {
  bytes: Buffer;
  /** The column's index, or −1. */
  column: number;
  /** Whether a column is a path through this key (a.b): its value is parsed and walked. */
  into: boolean;
  /** The key, for a closed reader's ColumnNotInHeader. */
  name: string;
  /** Whether the key is neither a column nor on a path to one. */
  unknown: boolean;
  /** Where lineMembers puts its value (ndjson-members.ts): the column's place among those read, −1 when none reads it, −2 when only cellsOf may. */
  slot: number;
}

export class NdjsonByteCells {
  private readonly positions: ReadonlyMap<string, number>;
  /** Prefixes ("device.") of the columns read that are paths into objects or key/value lists. */
  private readonly readInto: ReadonlySet<string>;
  private readonly used: Uint8Array;
  private readonly byBytes: (CellBytes | undefined)[];
  /** The columns read and the cells taken as bytes: the only cells a line sets, so the only ones cleared for the next (a GA4 header has dozens). */
  private readonly usedColumns: Int32Array;
  private readonly taken: CellBytes[];
  /** The key met at each place of the line before, and where it led. */
  private readonly memo: (KeyTarget | undefined)[] = [];
  private readonly byName = new Map<string, KeyTarget>();
  private readonly cells: unknown[];
  /** The same keys matched in WebAssembly, when the line's bytes are in its memory. */
  private readonly members: MemberTable;

  constructor(
    header: readonly string[],
    handler: RecordHandler,
    /** A key that is no column ends the part (see cellsOf's `closed`). */
    private readonly closed: boolean,
  ) {
    this.positions = new Map(header.map((column, index) => [column, index]));
    const width = header.length;
    this.used = new Uint8Array(width);
    for (const index of handler.usedColumns ?? header.map((_, i) => i)) if (index < width) this.used[index] = 1;
    this.byBytes = new Array<CellBytes | undefined>(width).fill(undefined);
    for (const cell of handler.cellBytes ?? []) if (cell.column < width) this.byBytes[cell.column] = cell;
    this.usedColumns = Int32Array.from(Array.from(this.used).flatMap((flag, index) => (flag === 1 ? [index] : [])));
    this.taken = this.byBytes.filter((cell) => cell !== undefined);
    const into = new Set<string>();
    header.forEach((column, index) => {
      if (this.used[index] !== 1) return;
      for (let dot = column.indexOf('.'); dot > 0; dot = column.indexOf('.', dot + 1)) into.add(column.slice(0, dot + 1));
    });
    this.readInto = into;
    this.cells = new Array<unknown>(width).fill(undefined);
    this.members = new MemberTable(this.usedColumns.length, this.memo, into.size === 0);
  }

  /** Lines read by lineMembers in WebAssembly (the rest here). */
  get matchedInWasm(): number {
    return this.members.matched;
  }

  /**
   * The cells of the line bytes[from, to) (the reused array: the handler must not keep it), or
   * undefined for a line to parse as JSON instead. Cells a handler takes as bytes are left '' and
   * their CellBytes filled.
   */
  cellsOf(bytes: Buffer, from: number, to: number): unknown[] | undefined {
    const { cells, usedColumns, taken } = this;
    for (let i = 0; i < usedColumns.length; i++) cells[usedColumns[i]] = undefined;
    for (let i = 0; i < taken.length; i++) taken[i].to = -1;
    const scanner = this.members.membersOf(bytes, from, to);
    if (scanner !== undefined) return this.fromSlots(scanner.table, bytes);
    let at = skipSpace(bytes, from, to);
    if (at >= to || bytes[at] !== OPEN_BRACE) return undefined;
    at = skipSpace(bytes, at + 1, to);
    if (at < to && bytes[at] === CLOSE_BRACE) return skipSpace(bytes, at + 1, to) === to ? cells : undefined;
    for (let place = 0; ; place++) {
      if (at >= to || bytes[at] !== QUOTE) return undefined;
      // Most lines have the line before's keys in the same places: its key's bytes and a closing quote are this key, read once.
      const known = this.memo[place];
      const knownEnd = known === undefined ? -1 : keyAt(known.bytes, bytes, at + 1, to);
      const keyEnd = knownEnd >= 0 ? knownEnd : stringEnd(bytes, at + 1, to);
      // An escaped key is left to JSON.parse (stringEnd's ESCAPED is below 0 too).
      if (keyEnd < 0) return undefined;
      const target = known !== undefined && knownEnd >= 0 ? known : this.target(place, bytes, at + 1, keyEnd);
      at = skipSpace(bytes, keyEnd + 1, to);
      if (at >= to || bytes[at] !== COLON) return undefined;
      at = skipSpace(bytes, at + 1, to);
      if (target.unknown && this.closed) throw new ColumnNotInHeader(target.name);
      const valueEnd = this.value(target, bytes, at, to);
      if (valueEnd < 0) return undefined;
      at = skipSpace(bytes, valueEnd, to);
      if (at >= to) return undefined;
      if (bytes[at] === CLOSE_BRACE) return skipSpace(bytes, at + 1, to) === to ? cells : undefined;
      if (bytes[at] !== COMMA) return undefined;
      at = skipSpace(bytes, at + 1, to);
    }
  }

  /** The cells of the values lineMembers found (their addresses less the chunk's), or undefined for a line to parse as JSON. */
  private fromSlots(table: Int32Array, bytes: Buffer): unknown[] | undefined {
    const { cells, usedColumns } = this;
    const base = bytes.byteOffset;
    for (let s = 0; s < usedColumns.length; s++) {
      const at = slotAt(s);
      const start = table[at];
      if (start < 0) continue;
      const [from, to, column] = [start - base, table[at + 1] - base, usedColumns[s]];
      if (table[at + 2] === STRING_VALUE) this.stringCell(column, bytes, from, to);
      else {
        const scalar = scalarOf(bytes, from, to);
        if (scalar === INVALID) return undefined;
        cells[column] = scalar;
      }
    }
    return cells;
  }

  /** A column's string without escapes, bytes[from, to): handed as bytes when the handler takes it so, else as text. */
  private stringCell(column: number, bytes: Buffer, from: number, to: number): void {
    const cell = this.byBytes[column];
    if (cell === undefined) this.cells[column] = bytes.toString('utf8', from, to);
    else {
      cell.point(bytes, from, to, false);
      this.cells[column] = '';
    }
  }

  /** Where a key not at its place in the line before leads (cellsOf matched that one already), remembered for this place. */
  private target(place: number, bytes: Buffer, from: number, to: number): KeyTarget {
    const name = bytes.toString('utf8', from, to);
    const named = this.byName.get(name);
    if (named !== undefined) {
      this.members.changed();
      return (this.memo[place] = named);
    }
    const column = this.positions.get(name) ?? -1;
    const into = this.readInto.has(`${name}.`);
    const unknown = column < 0 && ![...this.positions.keys()].some((c) => c.startsWith(`${name}.`));
    const read = column >= 0 && this.used[column] === 1 ? column : -1;
    const slot = into || (unknown && this.closed) ? -2 : read >= 0 ? this.usedColumns.indexOf(read) : -1;
    const target = { bytes: Buffer.from(bytes.subarray(from, to)), column: read, into, name, unknown, slot };
    this.memo[place] = target;
    this.members.changed();
    this.byName.set(name, target);
    return target;
  }

  /** Reads (or steps over) the value at `at`; where it ends, or −1 when the line is to be parsed instead. */
  private value(target: KeyTarget, bytes: Buffer, at: number, to: number): number {
    const first = bytes[at];
    const { column } = target;
    if (first === QUOTE) {
      const end = stringEnd(bytes, at + 1, to);
      if (end === INCOMPLETE) return -1;
      if (column >= 0) {
        if (end === ESCAPED) {
          const close = escapedStringEnd(bytes, at + 1, to);
          if (close < 0) return -1;
          this.cells[column] = JSON.parse(bytes.toString('utf8', at, close + 1));
          return close + 1;
        }
        this.stringCell(column, bytes, at + 1, end);
        return end + 1;
      }
      if (end === ESCAPED) return escapedStringEnd(bytes, at + 1, to) + 1 || -1;
      return end + 1;
    }
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      const end = containerEnd(bytes, at, to);
      if (end < 0) return -1;
      // Read into (a.b, GA4's key/value lists) or read whole as a column: as json-columns.ts makes the cells.
      if (target.into || column >= 0) this.walk(target.name, JSON.parse(bytes.toString('utf8', at, end)));
      return end;
    }
    const end = scalarEnd(bytes, at, to);
    if (end <= at) return -1;
    if (column >= 0) {
      const scalar = scalarOf(bytes, at, end);
      if (scalar === INVALID) return -1;
      this.cells[column] = scalar;
    }
    return end;
  }

  private walk(key: string, value: unknown): void {
    visitColumns({ [key]: value }, (column, cell) => {
      const index = this.positions.get(column);
      if (index !== undefined && this.used[index] === 1) this.cells[index] = cell;
      else if (index === undefined && this.closed) throw new ColumnNotInHeader(column);
    });
  }
}

const INCOMPLETE = -1;
const ESCAPED = -2;
const INVALID = Symbol('invalid');

/**
 * Where the string that starts at `from` ends (its closing quote), when it is
 * `key`'s bytes (which hold no quote or backslash: an escaped key is never
 * remembered); −1 when it is not.
 */
function keyAt(key: Buffer, bytes: Buffer, from: number, to: number): number {
  const end = from + key.length;
  if (end >= to || bytes[end] !== QUOTE) return -1;
  for (let i = 0; i < key.length; i++) if (key[i] !== bytes[from + i]) return -1;
  return end;
}

function skipSpace(bytes: Buffer, at: number, to: number): number {
  while (at < to && isSpace(bytes[at])) at++;
  return at;
}

/** The index of the quote that ends a string whose text starts at `at`: ESCAPED when it holds a backslash, INCOMPLETE when it does not end. */
function stringEnd(bytes: Buffer, at: number, to: number): number {
  // Strings here are short (ids, names, times): a loop beats a native search's call.
  for (let i = at; i < to; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) return i;
    if (byte === BACKSLASH) return escapedStringEnd(bytes, at, to) < 0 ? INCOMPLETE : ESCAPED;
  }
  return INCOMPLETE;
}

/** The closing quote of a string with escapes, or −1. */
function escapedStringEnd(bytes: Buffer, at: number, to: number): number {
  for (let i = at; i < to; i++) {
    const byte = bytes[i];
    if (byte === BACKSLASH) i++;
    else if (byte === QUOTE) return i;
  }
  return -1;
}

/** Just past a number, true, false or null. */
function scalarEnd(bytes: Buffer, at: number, to: number): number {
  let i = at;
  while (i < to) {
    const byte = bytes[i];
    if (byte === COMMA || byte === CLOSE_BRACE || isSpace(byte)) break;
    i++;
  }
  return i;
}

/** A scalar's value: a whole number from its digits, any other number, true, false or null; INVALID for anything else. */
function scalarOf(bytes: Buffer, from: number, to: number): number | boolean | null | typeof INVALID {
  // null, true and false read from their bytes: a string made to compare them was made for most lines of GA4's
  // export, whose user_id is null where the user did not sign in.
  const length = to - from;
  const first = bytes[from];
  if (length === 4 && first === LOWER_N && bytes[from + 1] === LOWER_U && bytes[from + 2] === LOWER_L && bytes[from + 3] === LOWER_L) return null;
  if (length === 4 && first === LOWER_T && bytes[from + 1] === LOWER_R && bytes[from + 2] === LOWER_U && bytes[from + 3] === LOWER_E) return true;
  if (length === 5 && first === LOWER_F && bytes[from + 1] === LOWER_A && bytes[from + 2] === LOWER_L && bytes[from + 3] === LOWER_S && bytes[from + 4] === LOWER_E) return false;
  let at = from;
  const negative = bytes[at] === MINUS;
  if (negative) at++;
  if (to - at > 0 && to - at <= 15) {
    let value = 0;
    let digits = true;
    for (let i = at; i < to; i++) {
      const digit = bytes[i] - DIGIT_0;
      if (digit < 0 || digit > 9) {
        digits = false;
        break;
      }
      value = value * 10 + digit;
    }
    // JSON writes no leading zero but in 0 itself.
    if (digits && !(bytes[at] === DIGIT_0 && to - at > 1)) return negative ? -value : value;
  }
  if (first !== MINUS && (first < DIGIT_0 || first > DIGIT_9)) return INVALID;
  try {
    const number = JSON.parse(bytes.toString('latin1', from, to)) as unknown;
    return typeof number === 'number' ? number : INVALID;
  } catch {
    return INVALID;
  }
}
