import { CellBytes, type FileHeader } from '../../io/records.js';
import { groupColumn, type ResolvedColumn, type Resolution } from '../columns.js';
import { groupLabel } from '../values.js';
import { CellLabels } from './cell-labels.js';

// The --group-by columns of one file, and the labels of a row in a reused array.

export function groupColumns(names: readonly string[], file: FileHeader, resolution: Resolution, flags: readonly (string | undefined)[] = []): ResolvedColumn[] {
  return names.map((name, i) => groupColumn(name, file.header, resolution, { file: file.file, line: file.headerLine }, flags[i]));
}

/** The labels of the group columns, each distinct one made once (see CellLabels). */
export function groupLabels(columns: readonly { index: number }[]): CellLabels[] {
  return columns.map((column) => new CellLabels(new CellBytes(column.index), groupLabel));
}

export function fillGroups(target: string[], labels: readonly CellLabels[], cells: readonly unknown[]): void {
  for (let g = 0; g < labels.length; g++) target[g] = labels[g].of(cells);
}
