import { findNamedHeader, resolveColumns, type Resolution } from '../columns.js';
import { ROW_COLUMNS, type RowKind } from '../row-kinds.js';
import { NATIVE_EXPORTS, type NativeExport } from './native-exports.js';

// A file's header read as a row kind: a known export by its own columns,
// anything else by names and aliases; --map wins over both.

function nativeExportOf(kind: RowKind, header: readonly string[]): NativeExport | undefined {
  return NATIVE_EXPORTS.find((known) => known.kind === kind && known.signature.every((name) => findNamedHeader(header, name) !== undefined));
}

export function resolveRowColumns(
  kind: RowKind,
  header: readonly string[],
  map: ReadonlyMap<string, string>,
  file: string,
  sample?: readonly (readonly unknown[])[],
): Resolution {
  const native = nativeExportOf(kind, header);
  if (native === undefined) return resolveColumns(header, ROW_COLUMNS[kind], map, file, sample);
  const merged = new Map(map);
  const fromExport = new Set<string>();
  for (const [column, candidates] of Object.entries(native.columns)) {
    if (merged.has(column)) continue;
    const index = candidates.map((name) => findNamedHeader(header, name)).find((i) => i !== undefined);
    if (index === undefined) continue;
    merged.set(column, header[index]);
    fromExport.add(column);
  }
  const resolution = resolveColumns(header, ROW_COLUMNS[kind], merged, file, sample);
  for (const column of fromExport) {
    const resolved = resolution.columns.get(column);
    if (resolved) resolved.via = 'export';
  }
  return { ...resolution, native, fallbacks: fallbacksOf(native, resolution, header), composite: compositeOf(native, resolution, header) };
}

function fallbacksOf(native: NativeExport, resolution: Resolution, header: readonly string[]): Resolution['fallbacks'] {
  const fallbacks = Object.entries(native.fallbacks ?? {}).flatMap(([column, names]) => {
    const own = resolution.columns.get(column);
    if (own === undefined || own.via !== 'export') return [];
    const from = names.map((name) => findNamedHeader(header, name)).filter((i): i is number => i !== undefined && i !== own.index).map((index) => ({ index, header: header[index] }));
    return from.length === 0 ? [] : [{ column, from }];
  });
  return fallbacks.length === 0 ? undefined : fallbacks;
}

function compositeOf(native: NativeExport, resolution: Resolution, header: readonly string[]): Resolution['composite'] {
  if (native.orderFrom === undefined || resolution.columns.has('order_id')) return undefined;
  const parts = native.orderFrom.map((name) => findNamedHeader(header, name));
  if (parts.some((i) => i === undefined)) return undefined;
  const index = header.length;
  const name = native.orderFrom.join(' + ');
  resolution.columns.set('order_id', { name: 'order_id', index, header: name, via: 'export' });
  return { column: 'order_id', index, header: name, parts: parts as number[] };
}
