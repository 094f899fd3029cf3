import { lendChunkBuffers } from '../../src/io/chunk-memory.js';

/** Runs `use` with buffers lent from the thread's WebAssembly memory (chunk-memory.ts), given back after. */
export function withChunkBuffers<T>(count: number, size: number, use: (buffers: Buffer[]) => T): T {
  const loan = lendChunkBuffers(count, size);
  if (loan === undefined) throw new Error('WebAssembly is available on Node 20: the chunk memory should lend its buffers');
  try {
    return use(loan.buffers);
  } finally {
    loan.giveBack();
  }
}
