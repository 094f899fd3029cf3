import { open } from 'node:fs/promises';

/** Range bounds at line ends: [start, b1, …, size]. A bound inside a quoted field is found out by the part before it. */
export async function rangeBounds(path: string, start: number, size: number, parts: number): Promise<number[]> {
  const bounds = [start];
  const file = await open(path, 'r');
  try {
    const window = Buffer.alloc(1 << 16);
    for (let i = 1; i < parts; i++) {
      let at = start + Math.floor(((size - start) * i) / parts);
      for (;;) {
        const { bytesRead } = await file.read(window, 0, window.length, at);
        if (bytesRead === 0) {
          at = size;
          break;
        }
        const newline = window.subarray(0, bytesRead).indexOf(0x0a);
        if (newline !== -1) {
          at += newline + 1;
          break;
        }
        at += bytesRead;
      }
      if (at > bounds[bounds.length - 1] && at < size) bounds.push(at);
    }
  } finally {
    await file.close();
  }
  bounds.push(size);
  return bounds;
}
