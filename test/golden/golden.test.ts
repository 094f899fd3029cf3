import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engage, ROOT, tempDir } from '../helpers/cli.js';
import { splitCommandLine } from './command-line.js';

// Whole commands against reviewed output, one folder per case (after Miller's
// regression cases): `cmd` is the command line, `stdout`, `stderr` and `exit`
// what engage must print and return, and `output` the file that -o wrote. A
// command line may read stdin from `cat FILE |` and end in `> FILE` (stdout is
// compared either way), as the examples of --help do; -o writes into a fresh
// temporary folder. The figures in them are checked by the
// unit tests against hand-worked numbers; these cases pin everything else
// (columns, formats, notes, messages, exit codes). After a deliberate change,
// UPDATE_GOLDEN=1 npx vitest run test/golden rewrites them: read the diff.

const CASES = join(import.meta.dirname, 'cases');
const update = process.env.UPDATE_GOLDEN === '1';

/** Absolute paths differ between clones: they are shown as <root>. */
const portable = (text: string) => text.split(ROOT).join('<root>');

describe('golden cases', () => {
  for (const name of readdirSync(CASES).sort()) {
    const dir = join(CASES, name);
    it(name, async () => {
      const line = readFileSync(join(dir, 'cmd'), 'utf8').trim();
      const { args, stdin, outputAt } = commandOf(splitCommandLine(line));
      const result = await engage(args, { input: stdin === undefined ? undefined : readFileSync(join(ROOT, stdin)) });
      const actual: Record<string, string> = { stdout: portable(result.stdout), stderr: portable(result.stderr), exit: `${result.code}\n` };
      if (outputAt !== undefined) actual.output = existsSync(outputAt) ? readFileSync(outputAt, 'utf8') : '(no file written)\n';
      if (update) {
        for (const [file, text] of Object.entries(actual)) writeFileSync(join(dir, file), text);
        return;
      }
      expect(actual.exit, `${line}: exit code`).toBe(readFileSync(join(dir, 'exit'), 'utf8'));
      expect(actual.stderr, `${line}: stderr`).toBe(readFileSync(join(dir, 'stderr'), 'utf8'));
      expect(actual.stdout, `${line}: stdout`).toBe(readFileSync(join(dir, 'stdout'), 'utf8'));
      if (actual.output !== undefined) expect(actual.output, `${line}: the -o file`).toBe(readFileSync(join(dir, 'output'), 'utf8'));
    });
  }
});

/** The arguments of `[cat FILE |] engage ARGS [> FILE]`, with -o sent to a temporary folder. */
function commandOf(words: string[]): { args: string[]; stdin?: string; outputAt?: string } {
  let stdin: string | undefined;
  if (words[0] === 'cat' && words[2] === '|') {
    stdin = words[1];
    words = words.slice(3);
  }
  expect(words[0]).toBe('engage');
  let args = words.slice(1);
  const redirect = args.indexOf('>');
  if (redirect >= 0) args = args.slice(0, redirect);
  const o = args.findIndex((a) => a === '-o' || a === '--output');
  if (o < 0 || !args[o + 1]) return { args, stdin };
  const outputAt = join(tempDir(), args[o + 1]);
  return { args: [...args.slice(0, o + 1), outputAt, ...args.slice(o + 2)], stdin, outputAt };
}
