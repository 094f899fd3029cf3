import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { run } from '../../src/cli/run.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/engage.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  /** A terminal on stdin/stdout: isTTY set, as a person's shell has it. */
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
}

class Collected extends Writable {
  private readonly chunks: Buffer[] = [];
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs the CLI in this process, as `engage ARGS` from the project folder with
 * no colour and CI set: the same code path as the binary, without a node start.
 */
export async function engage(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const stdin = Object.assign(Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]), { isTTY: options.tty?.stdin ?? false });
  const stdout = new Collected(options.tty?.stdout ?? false);
  const stderr = new Collected(options.tty?.stderr ?? false);
  const env: Record<string, string | undefined> = { NO_COLOR: '1', CI: 'true', ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const code = await run(args, { stdin, stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the built binary in a real process: for signals, pipes, a working folder, the bin itself. */
export function engageProcess(args: string[], options: { input?: string | Buffer; env?: Record<string, string | undefined>; cwd?: string } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: 'true', ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: typeof options.input === 'string' ? Buffer.from(options.input) : (options.input ?? Buffer.alloc(0)),
    env: env as NodeJS.ProcessEnv,
    encoding: 'buffer',
    maxBuffer: 64 << 20,
  });
  return { code: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'engage-test-'));
}

/** Parses CSV output that has no quoted commas (our numeric tables). */
export function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}
