import { Bitset } from '../../kernels/bitset.js';
import { CompensatedSum } from '../../kernels/float-list.js';
import { Grouped } from '../../metrics/grouped.js';
import type { Accumulator } from '../../metrics/types.js';

// A metric's state carried between threads. Structured clone copies fields,
// typed arrays and arrays, but not classes or functions: a state leaves as
// its fields (a Grouped as its groups) and comes back into a fresh state of
// the same metric, class by class, ready to merge.

interface GroupedData {
  groups: { period: number; values: string[]; state: unknown }[];
}

export function stateData(value: unknown): unknown {
  if (value instanceof Bitset) return { bitset: value.toWords() };
  if (value instanceof CompensatedSum) return { compensatedSum: value.toPartials() };
  if (value instanceof Map) return { map: [...value].map(([key, item]) => [key, stateData(item)]) };
  if (value instanceof Grouped) {
    const data: GroupedData = { groups: value.sorted().map((group) => ({ period: group.key.period, values: group.key.values, state: stateData(group.state) })) };
    return data;
  }
  if (!isInstance(value)) return value;
  (value as Accumulator<unknown>).flushHeld?.();
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as object)) if (typeof field !== 'function') fields[key] = stateData(field);
  return fields;
}

/**
 * The buffers under a state's data, to move to the other thread instead of
 * being copied: a part's event log is a hundred megabytes or more, and
 * cloning it cost the worker most of a second at the end of its part.
 * Node's own Buffers are left out (small ones share a pool that cannot move).
 */
export function transferables(data: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(data)) {
    if (!Buffer.isBuffer(data) && data.buffer instanceof ArrayBuffer) found.add(data.buffer);
  } else if (Array.isArray(data)) {
    for (const item of data) transferables(item, found);
  } else if (data !== null && typeof data === 'object' && !(data instanceof Map) && !(data instanceof Set)) {
    for (const field of Object.values(data)) transferables(field, found);
  }
  return [...found];
}

/** The data of a state poured into a fresh state of the same metric. */
export function reviveState<T>(fresh: T, data: unknown): T {
  if (fresh instanceof Grouped) {
    for (const group of (data as GroupedData).groups) reviveState(fresh.get(group.period, group.values), group.state);
    return fresh;
  }
  const target = fresh as Record<string, unknown>;
  for (const [key, field] of Object.entries(data as object)) {
    const current = target[key];
    if (current instanceof Map) target[key] = new Map((field as { map: [unknown, unknown][] }).map.map(([k, item]) => [k, loose(item)]));
    else if (current instanceof Bitset || current instanceof CompensatedSum) target[key] = loose(field);
    else if (isInstance(current)) target[key] = reviveState(current, field);
    else target[key] = loose(field);
  }
  return fresh;
}

/** A value with no fresh counterpart to pour into: bitsets and sums come back as themselves, the rest as it is. */
function loose(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'bitset' in value) return Bitset.fromWords((value as { bitset: Uint32Array<ArrayBuffer> }).bitset);
  if (value !== null && typeof value === 'object' && 'compensatedSum' in value) return CompensatedSum.fromPartials((value as { compensatedSum: number[] }).compensatedSum);
  return value;
}

/** An object of a class of ours: not a plain object, an array, a typed array, a Map or a Set. */
function isInstance(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set) return false;
  return Object.getPrototypeOf(value) !== Object.prototype;
}
