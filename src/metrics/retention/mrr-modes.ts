import { UsageError } from '../../errors.js';
import type { RetentionOptions } from './options.js';

// retention --mrr reads subscription events and counts MRR, not customers'
// activity: the options about events, activity and customers' shares have
// nothing to act on there (subscription-revenue.md "Revenue retention cohorts").

const ACTIVITY_ONLY: [keyof RetentionOptions, string][] = [
  ['revenue', '--revenue'], ['cumulative', '--cumulative'], ['unbounded', '--unbounded'], ['list', '--list'],
];

export function checkMrrOptions(options: RetentionOptions): void {
  if (options.gross && !options.mrr) throw new UsageError('--gross reads revenue retention: use it with --mrr', ['engage retention FILE --mrr --gross']);
  if (!options.mrr) return;
  const idle = [
    ...ACTIVITY_ONLY.filter(([key]) => options[key] !== undefined && options[key] !== false).map(([, flag]) => flag),
    ...(options.startEvents.length > 0 ? ['--start-event'] : []),
    ...(options.returnEvents.length > 0 ? ['--return-event'] : []),
    ...(options.events.length > 0 ? ['--event'] : []),
    ...(options.mode !== 'first-time' ? ['--mode'] : []),
    ...(options.windows !== 'calendar' ? ['--windows'] : []),
    ...(options.brackets !== undefined ? ['--brackets'] : []),
    ...(options.minOccurrences > 1 ? ['--min-occurrences'] : []),
    ...(options.reference !== 'initial' ? ['--reference'] : []),
    ...(options.mean !== 'weighted' ? ['--mean'] : []),
  ];
  if (idle.length > 0) {
    throw new UsageError(
      `${idle.join(', ')} ${idle.length === 1 ? 'has' : 'have'} nothing to act on with --mrr: a cohort is the period of a customer's first payment, its cells their MRR at each period's end, from every subscription event`,
      [`leave out ${idle.join(', ')}`],
    );
  }
}
