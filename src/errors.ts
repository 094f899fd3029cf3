// Errors are values with an exit code and a message a person can act on.
// Only src/cli/main.ts turns them into output and an exit status.

export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  badData: 65,
  noInput: 66,
  cantWrite: 74,
  /** A fault in engage itself, not in what it was given. */
  internal: 70,
  interrupted: 130,
} as const;

export abstract class EngageError extends Error {
  abstract readonly exitCode: number;
  /** Extra lines shown under the message (hints, accepted names). */
  readonly hints: string[];
  constructor(message: string, hints: string[] = []) {
    super(message);
    this.name = new.target.name;
    this.hints = hints;
  }

  /** The same error with its message prefixed, e.g. by the report it happened in. */
  within(prefix: string): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this, { message: `${prefix}: ${this.message}` });
    return copy;
  }
}

/** A flag, option value or command the user typed is wrong. */
export class UsageError extends EngageError {
  readonly exitCode = ExitCode.usage;
}

/** An input file is missing or unreadable. */
export class InputError extends EngageError {
  readonly exitCode = ExitCode.noInput;
}

/** The output could not be written. */
export class OutputError extends EngageError {
  readonly exitCode = ExitCode.cantWrite;
}

/** Where in an input a bad value sits; line is the physical line, header = 1. */
export interface DataLocation {
  file: string;
  line?: number;
  column?: string;
}

export function formatLocation(at: DataLocation): string {
  const place = at.line === undefined ? at.file : `${at.file}:${at.line}`;
  return at.column === undefined ? place : `${place}, column "${at.column}"`;
}

/** A --fail-if check failed; the output was written all the same. */
export class CheckFailedError extends EngageError {
  readonly exitCode = ExitCode.checkFailed;
}

/** One bad value (or bad structure) in an input. */
export class DataError extends EngageError {
  readonly exitCode = ExitCode.badData;
  constructor(
    readonly at: DataLocation,
    readonly problem: string,
    hints: string[] = [],
  ) {
    super(`${formatLocation(at)}: ${problem}`, hints);
  }
}

/** Several bad values, grouped by what was wrong, so one run reports them all. */
export class DataErrors extends EngageError {
  readonly exitCode = ExitCode.badData;
  constructor(readonly summary: string[], hints: string[] = []) {
    super(summary.join('\n'), hints);
  }
}

export function isEngageError(error: unknown): error is EngageError {
  return error instanceof EngageError;
}
