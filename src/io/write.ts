import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../errors.js';

// Output goes to stdout or, with -o, to a file that appears whole or not at
// all: written to a temporary file beside it, then renamed over it.

const pendingTemporaries = new Set<string>();

/** Temporary files to remove if the process is interrupted. */
export function removePendingTemporaries(): void {
  for (const path of pendingTemporaries) {
    // Synchronous on purpose: called from a signal handler right before exit.
    rmSync(path, { force: true });
  }
  pendingTemporaries.clear();
}

export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pendingTemporaries.add(temporary);
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new OutputError(`cannot write ${path}: ${code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code}`);
  } finally {
    pendingTemporaries.delete(temporary);
  }
}

/** Resolves when stdout has taken the text; a closed pipe (… | head) is not an error. */
export function writeStdout(content: string, stdout: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EPIPE') resolve();
      else reject(new OutputError(`cannot write to stdout: ${error.code ?? error.message}`));
    };
    stdout.once('error', onError);
    stdout.write(content, (error) => {
      stdout.removeListener('error', onError);
      if (error) onError(error as NodeJS.ErrnoException);
      else resolve();
    });
  });
}
