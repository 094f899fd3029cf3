import { UsageError } from '../../errors.js';
import { cellList } from '../segments/setup.js';
import type { RetentionOptions } from './options.js';

// Which retention options go together, and whether the cells need
// memberships: the streaming engine and the SQL form decide alike.

/** Whether the cells need each customer's memberships and return events, not periods of activity alone. */
export function needsMemberships(options: RetentionOptions): boolean {
  return options.mode === 'recurring' || options.windows === '24h' || options.brackets !== undefined || options.minOccurrences > 1;
}

/** What the modes go with and what not (product-analytics.md "Cohort retention"), for every engine alike. */
export function checkModeOptions(options: RetentionOptions): void {
  if (options.windows === '24h' && (options.period === 'quarter' || options.period === 'year')) {
    throw new UsageError(`--windows 24h measures days, weeks or 30-day months from each start: --period ${options.period} has no such window`, ['--period day, week or month']);
  }
  if (options.brackets && options.brackets.some((end, i) => i > 0 && end <= options.brackets![i - 1])) throw new UsageError(`--brackets ${options.brackets.join(',')}: each bracket ends after the one before`, ['e.g. --brackets 1,3,7,14,30']);
  if (options.revenue && needsMemberships(options)) throw new UsageError('--revenue sums the amounts of calendar periods: --mode, --windows, --brackets and --min-occurrences have no revenue form', ['leave out --revenue, or those']);
  if (options.unbounded && options.minOccurrences > 1) throw new UsageError('--unbounded counts a customer up to their last return: --min-occurrences has nothing to count there', ['leave out one of them']);
  if (options.counts && options.mean !== 'weighted') throw new UsageError('--mean says how the all row averages shares: with --counts it adds up customers', ['leave out --mean, or --counts']);
  if (options.counts && options.reference !== 'initial') throw new UsageError('--reference says what a share is of: with --counts the cells are customers', ['leave out --reference, or --counts']);
  if (cellList(options.list) !== undefined && (options.reference !== 'initial' || options.mean !== 'weighted')) {
    throw new UsageError('--reference and --mean say how shares are read: --list lists a cell\'s customers', ['leave out --reference and --mean']);
  }
  if (options.revenue && (options.reference !== 'initial' || options.mean !== 'weighted')) throw new UsageError('--reference and --mean read customer shares: --revenue has none');
}
