import { findNamedHeader, resolveColumns, type Resolution } from '../columns.js';
import { ROW_COLUMNS, type RowKind } from '../row-kinds.js';
import { NATIVE_EXPORTS, type NativeExport } from './native-exports.js';

// A file's header read as a row kind: a known export by its own columns,
// anything else by names and aliases; --map wins over both.

function nativeExportOf(kind: RowKind, header: readonly string[]): NativeExport | undefined {
  return NATIVE_EXPORTS.find((known) => known.kind === kind && known.signature.every((name) => findNamedHeader(header, name) !== undefined));
}

export function resolveRowColumns(kind: RowKind, header: readonly string[], map: ReadonlyMap<string, string>, file: string): Resolution {
  const native = nativeExportOf(kind, header);
  if (native === undefined) return resolveColumns(header, ROW_COLUMNS[kind], map, file);
  const merged = new Map(map);
  const fromExport = new Set<string>();
  for (const [column, candidates] of Object.entries(native.columns)) {
    if (merged.has(column)) continue;
    const index = candidates.map((name) => findNamedHeader(header, name)).find((i) => i !== undefined);
    if (index === undefined) continue;
    merged.set(column, header[index]);
    fromExport.add(column);
  }
  const resolution = resolveColumns(header, ROW_COLUMNS[kind], merged, file);
  for (const column of fromExport) {
    const resolved = resolution.columns.get(column);
    if (resolved) resolved.via = 'export';
  }
  return { ...resolution, native };
}
