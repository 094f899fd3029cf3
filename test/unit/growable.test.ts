import { describe, expect, it } from 'vitest';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { Float64List, Int32List } from '../../src/kernels/growable.js';

// The lists double, then grow sixteenfold into memory whose bytes past the
// values are not set (growable.ts): every value must survive each growth
// (at 256, …, 65,536 and 1,048,576 values), appends across the thresholds,
// and a list that crossed threads (its buffer transferred) must go on growing.

const SIZES = [0, 1, 255, 256, 257, 65_535, 65_536, 65_537, 300_001, 1_048_577];

describe('Int32List and Float64List', () => {
  it.each(SIZES)('keep every pushed value in order: %i values', (n) => {
    const ints = new Int32List();
    const floats = new Float64List();
    for (let i = 0; i < n; i++) {
      ints.push(i * 7 - 3);
      floats.push(i / 3);
    }
    expect(ints.length).toBe(n);
    const iv = ints.view();
    const fv = floats.view();
    expect(iv.length).toBe(n);
    // Every value, not a sample: a growth's copy one value short loses the value just before it.
    let wrong = 0;
    for (let i = 0; i < n; i++) if (iv[i] !== i * 7 - 3 || fv[i] !== i / 3) wrong++;
    expect(wrong).toBe(0);
    if (n > 0) expect([iv[n - 1], fv[n - 1]]).toEqual([(n - 1) * 7 - 3, (n - 1) / 3]);
  });

  it('append across the threshold, then push again', () => {
    const a = new Int32List();
    const b = new Int32List();
    for (let i = 0; i < 40_000; i++) a.push(i);
    for (let i = 0; i < 70_000; i++) b.push(i === 0 ? 0 : -i);
    a.append(b);
    a.append(b);
    a.push(42);
    const view = a.view();
    expect(view.length).toBe(180_001);
    expect([view[39_999], view[40_000], view[40_001], view[109_999], view[110_000], view[179_999], view[180_000]]).toEqual([39_999, 0, -1, -69_999, 0, -69_999, 42]);
  });

  it('go on growing after their arrays crossed a MessagePort, transferred', () => {
    const list = new Float64List();
    for (let i = 0; i < 100_000; i++) list.push(i);
    const { port1, port2 } = new MessageChannel();
    const data = { ...list } as unknown as { values: Float64Array; length: number };
    port1.postMessage(data, [data.values.buffer as ArrayBuffer]);
    const received = receiveMessageOnPort(port2)!.message as { values: Float64Array; length: number };
    port1.close();
    const revived = Object.assign(new Float64List(), received);
    for (let i = 100_000; i < 250_000; i++) revived.push(i);
    const view = revived.view();
    expect(view.length).toBe(250_000);
    expect([view[0], view[99_999], view[100_000], view[249_999]]).toEqual([0, 99_999, 100_000, 249_999]);
  });
});
