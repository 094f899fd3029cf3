import type { ArmInput } from '../../schema/plans/users.js';
import { counted } from '../../notes/plural.js';
import { Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultTable } from '../types.js';
import { Arms } from './arms.js';
import { exposureMetric, metricColumns, type ExperimentOptions } from './options.js';
import { experimentTable } from './table.js';

// The statistics of an experiment whose sums an SQL engine computed
// (sql.ts): each result row is a variant's (and group's) sums, added to the
// same state the streaming engine fills, and finished by the same table.

export function experimentFromSums(skeleton: ResultTable, names: string[], rows: Cell[][], options: ExperimentOptions): { table: ResultTable; notes: string[] } {
  const at = (name: string) => names.indexOf(name);
  const number = (row: Cell[], name: string) => Number(row[at(name)] ?? 0);
  const grouped = new Grouped<ArmInput, Arms>(() => new Arms(), options.groupBy.length, false);
  for (const row of rows) {
    grouped.add({
      variant: String(row[at('variant')]),
      period: 0,
      groups: options.groupBy.map((_, i) => String(row[at(`g${i + 1}`)])),
      n: number(row, 'users'),
      y: number(row, 'sum'),
      yy: number(row, 'sum_squares'),
      d: number(row, 'denominator_sum'),
      dd: number(row, 'denominator_sum_squares'),
      yd: number(row, 'sum_cross'),
      x: number(row, 'covariate_sum'),
      xx: number(row, 'covariate_sum_squares'),
      xy: number(row, 'sum_products'),
      binaryY: row[at('binary')] === true || row[at('binary')] === 1,
      binaryX: row[at('binary_covariate')] === true || row[at('binary_covariate')] === 1,
    });
  }
  const event = options.exposureEvent === undefined ? undefined : exposureMetric(options.metric ?? '');
  const summaryKind = event !== undefined ? (event.kind === 'conversion' ? 'proportion' : 'mean') : options.summary ? (rows.every((row) => row[at('binary')] === true || row[at('binary')] === 1) ? 'proportion' : 'mean') : undefined;
  const reading = {
    ratio: !options.summary && event === undefined && metricColumns(options.metric ?? '').denominator !== undefined,
    summaryKind,
    // The skeleton (the streaming engine over the header) knows whether a covariate is read.
    covariate: skeleton.columns.some((c) => c.name === 'theta'),
  } as const;
  const result: JobResult = experimentTable(grouped, reading, options);
  const mixed = rows.length > 0 && at('mixed_users') >= 0 ? number(rows[0], 'mixed_users') : 0;
  const blank = rows.length > 0 && at('blank_exposures') >= 0 ? number(rows[0], 'blank_exposures') : 0;
  const notes = [
    ...(mixed > 0 ? [`${counted(mixed, 'user')} exposed to more than one variant ${mixed === 1 ? 'was' : 'were'} left out`] : []),
    ...(blank > 0 ? [`${counted(blank, 'exposure row')} with a blank "${options.variant ?? 'variant'}" ignored`] : []),
    ...result.notes,
  ];
  return { table: result.table, notes };
}
