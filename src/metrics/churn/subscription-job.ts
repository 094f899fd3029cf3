import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import { EventJob } from '../events/event-job.js';
import type { ChurnOptions } from './spec.js';
import { CANCEL_EVENTS, CHANGE_EVENTS, START_EVENTS, SubscriptionLog, type SubscriptionPeriod } from './subscriptions.js';

// `engage churn --model subscription`: customers subscribed at the start of a
// period and no longer at its end, over those subscribed at its start; with
// amounts (MRR), gross and net revenue churn.

export class SubscriptionChurnJob extends EventJob<SubscriptionLog> {
  readonly title = 'Churn (subscription model)';
  private readonly include: boolean;

  constructor(options: ChurnOptions) {
    super(options, [...START_EVENTS, ...CANCEL_EVENTS, ...CHANGE_EVENTS], true);
    this.include = options.samePeriod === 'include';
  }

  protected override selectedEventNames(): readonly string[] {
    // Only subscription events mean anything here, whatever --event says.
    return [...START_EVENTS, ...CANCEL_EVENTS, ...CHANGE_EVENTS];
  }

  protected override amountExpected(event: string): boolean {
    return !CANCEL_EVENTS.includes(event);
  }

  protected createState(): SubscriptionLog {
    return new SubscriptionLog();
  }

  finish(): JobResult {
    const periods = this.periods!;
    const overall = this.grouped.overall();
    const keys = this.periodRange(overall.times.view().map((t) => periods.keyOf(t)));
    const boundaries = keys.length === 0 ? [] : [...keys.map((k) => periods.startUtc(k)), periods.endUtc(keys[keys.length - 1])];
    const hasMrr = overall.amounts.view().some((a) => !Number.isNaN(a));
    const figures: ResultColumn[] = [
      { name: 'customers_at_start', type: 'count' },
      { name: 'new', type: 'count' },
      { name: 'started_and_ended', type: 'count' },
      { name: 'churned', type: 'count' },
      { name: 'churn_rate', type: 'rate' },
      { name: 'retention_rate', type: 'rate' },
    ];
    if (hasMrr) {
      for (const name of ['mrr_at_start', 'new_mrr', 'churned_mrr', 'contraction_mrr', 'expansion_mrr']) figures.push({ name, type: 'number' });
      figures.push({ name: 'gross_mrr_churn', type: 'rate' }, { name: 'net_mrr_churn', type: 'rate' });
    }
    const total = emptyPeriod();
    overall.periods(boundaries).forEach((period, j) => {
      if (this.isPartial(keys[j])) return;
      for (const name of Object.keys(total) as (keyof SubscriptionPeriod)[]) total[name] += period[name];
    });
    const denominator = this.include ? 'customers subscribed at the start + customers who started in the period' : 'customers subscribed at the start';
    const numerator = this.include ? 'churned + started and ended in the period' : 'customers subscribed at the start and not at the end';
    return this.periodTable({
      title: this.title,
      formula:
        `churn_rate = ${numerator} / ${denominator} (--same-period ${this.include ? 'include, as Stripe' : 'exclude, as ChartMogul'}); ` +
        (hasMrr ? 'gross_mrr_churn = (churned + contraction MRR) / MRR at start; net_mrr_churn = (churned + contraction − expansion MRR) / MRR at start; ' : '') +
        'the all row sums complete periods',
      figures,
      rowsOf: (state) => state.periods(boundaries).map((period, j): [number, Cell[]] => [keys[j], this.cells(period, hasMrr)]),
      overall: this.cells(total, hasMrr),
      notes: this.commonNotes(),
    });
  }

  private cells(p: SubscriptionPeriod, hasMrr: boolean): Cell[] {
    const churned = this.include ? p.churned + p.samePeriod : p.churned;
    const base = this.include ? p.atStart + p.newCustomers + p.samePeriod : p.atStart;
    const rate = base > 0 ? churned / base : null;
    const cells: Cell[] = [p.atStart, p.newCustomers, p.samePeriod, churned, rate, rate === null ? null : 1 - rate];
    if (hasMrr) {
      const gross = p.mrrAtStart > 0 ? (p.churnedMrr + p.contraction) / p.mrrAtStart : null;
      const net = p.mrrAtStart > 0 ? (p.churnedMrr + p.contraction - p.expansion) / p.mrrAtStart : null;
      cells.push(p.mrrAtStart, p.newMrr, p.churnedMrr, p.contraction, p.expansion, gross, net);
    }
    return cells;
  }
}

function emptyPeriod(): SubscriptionPeriod {
  return { atStart: 0, newCustomers: 0, samePeriod: 0, churned: 0, mrrAtStart: 0, newMrr: 0, churnedMrr: 0, contraction: 0, expansion: 0 };
}
