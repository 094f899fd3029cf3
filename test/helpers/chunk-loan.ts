import { lendChunkBuffers } from '../../src/io/chunk-memory.js';

/** Runs `use` with buffers lent from the thread's WebAssembly memory (chunk-memory.ts), given back after (after its promise settles, when it returns one). */
export function withChunkBuffers<T>(count: number, size: number, use: (buffers: Buffer[]) => T): T {
  const loan = lendChunkBuffers(count, size);
  if (loan === undefined) throw new Error('WebAssembly is available on Node 20: the chunk memory should lend its buffers');
  let result: T;
  try {
    result = use(loan.buffers);
  } catch (error) {
    loan.giveBack();
    throw error;
  }
  if (result instanceof Promise) return result.finally(() => loan.giveBack()) as T;
  loan.giveBack();
  return result;
}
