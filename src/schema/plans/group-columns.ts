import type { FileHeader } from '../../io/records.js';
import { groupColumn, type ResolvedColumn, type Resolution } from '../columns.js';
import { groupLabel } from '../values.js';

// The --group-by columns of one file, and the labels of a row in a reused array.

export function groupColumns(names: readonly string[], file: FileHeader, resolution: Resolution): ResolvedColumn[] {
  return names.map((name) => groupColumn(name, file.header, resolution, { file: file.file, line: file.headerLine }));
}

export function fillGroups(target: string[], columns: readonly ResolvedColumn[], cells: readonly unknown[]): void {
  for (let g = 0; g < columns.length; g++) target[g] = groupLabel(cells[columns[g].index]);
}
