import type { Periods } from '../../time/periods.js';
import type { TimeZone } from '../../time/zone.js';
import { formatInstant } from '../../time/format-instant.js';
import type { EngagementRate, RateSummary } from '../engagement-rate.js';
import type { Group } from '../grouped.js';
import type { Cell, ResultColumn, ResultTable } from '../types.js';
import type { ListedPost } from './post-list.js';
import { snakeCase } from '../../schema/columns.js';

// Rate results as neutral tables: one row per period and group, overall last;
// or one row per post.

export interface SummaryLayout {
  periods: Periods | undefined;
  groupNames: string[];
  /** Adds daily_rate: Σ interactions / the day's latest follower count. */
  dailyRate: boolean;
  /** Keys of periods that are partial. */
  partial: ReadonlySet<number>;
  /** Fill periods without posts between the first and last (only without --group-by). */
  fillGaps: boolean;
  formula: string;
  title: string;
}

const FIGURES: ResultColumn[] = [
  { name: 'posts', type: 'count' },
  { name: 'left_out', type: 'count' },
  { name: 'interactions', type: 'count' },
  { name: 'basis', type: 'count' },
  { name: 'pooled_rate', type: 'rate' },
  { name: 'mean_rate', type: 'rate' },
  { name: 'median_rate', type: 'rate' },
];

export function summaryTable(groups: Group<EngagementRate>[], overall: EngagementRate, layout: SummaryLayout): ResultTable {
  const columns: ResultColumn[] = [];
  if (layout.periods) columns.push({ name: 'period', type: 'period' }, { name: 'partial', type: 'flag' });
  for (const name of layout.groupNames) columns.push({ name: snakeCase(name), type: 'text' });
  columns.push(...FIGURES);
  if (layout.dailyRate) columns.push({ name: 'daily_rate', type: 'rate' });

  const rows: Cell[][] = [];
  const periodKeys: (number | null)[] = [];
  const hasKeys = layout.periods !== undefined || layout.groupNames.length > 0;
  const keyed = layout.fillGaps && layout.periods ? withGaps(groups, layout.periods) : groups.map((g) => ({ key: g.key, summary: g.state.result() }));
  for (const { key, summary } of hasKeys ? keyed : []) {
    const row: Cell[] = [];
    if (layout.periods) row.push(layout.periods.label(key.period), layout.partial.has(key.period));
    row.push(...key.values);
    row.push(...figures(summary, layout.dailyRate));
    rows.push(row);
    periodKeys.push(layout.periods ? key.period : null);
  }
  const total: Cell[] = [];
  if (layout.periods) total.push('all', false);
  for (let i = 0; i < layout.groupNames.length; i++) total.push('all');
  const totalFigures = figures(overall.result(), layout.dailyRate);
  // A daily rate over many days has no single follower count to divide by.
  if (layout.dailyRate && hasKeys) totalFigures[totalFigures.length - 1] = null;
  total.push(...totalFigures);
  rows.push(total);
  periodKeys.push(null);
  return {
    title: layout.title,
    formula: layout.formula,
    columns,
    rows,
    overallRow: hasKeys ? rows.length - 1 : undefined,
    partialColumn: layout.periods ? 'partial' : undefined,
    periodKeys: layout.periods ? periodKeys : undefined,
  };
}

function figures(summary: RateSummary, dailyRate: boolean): Cell[] {
  const cells: Cell[] = [
    summary.posts,
    summary.leftOut,
    summary.interactions,
    summary.basis,
    summary.pooledRate,
    summary.meanRate,
    summary.medianRate,
  ];
  if (dailyRate) cells.push(summary.latestBasisRate);
  return cells;
}

function withGaps(groups: Group<EngagementRate>[], periods: Periods): { key: Group<EngagementRate>['key']; summary: RateSummary }[] {
  if (groups.length === 0) return [];
  const byPeriod = new Map(groups.map((g) => [g.key.period, g]));
  const out: { key: Group<EngagementRate>['key']; summary: RateSummary }[] = [];
  const last = groups[groups.length - 1].key.period;
  for (let period = groups[0].key.period; period <= last; period = periods.next(period)) {
    const group = byPeriod.get(period);
    out.push({ key: { period, values: [] }, summary: group ? group.state.result() : EMPTY });
  }
  return out;
}

const EMPTY: RateSummary = {
  posts: 0, leftOut: 0, leftOutZero: 0, leftOutBlank: 0, interactions: 0, basis: 0,
  pooledRate: null, meanRate: null, medianRate: null, latestBasisRate: null,
};

export function postTable(posts: ListedPost[], groupNames: string[], zone: TimeZone, title: string, formula: string): ResultTable {
  const columns: ResultColumn[] = [
    { name: 'post_id', type: 'text' },
    { name: 'published_at', type: 'timestamp' },
    { name: 'platform', type: 'text' },
    ...groupNames.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
    { name: 'interactions', type: 'count' },
    { name: 'basis', type: 'count' },
    { name: 'rate', type: 'rate' },
  ];
  const rows = posts.map((post): Cell[] => [
    post.id ?? null,
    Number.isNaN(post.publishedAt) ? null : formatInstant(post.publishedAt, zone),
    post.platform ?? null,
    ...post.groups,
    post.interactions,
    post.basis < 0 ? null : post.basis,
    post.rate,
  ]);
  return { title, formula, columns, rows };
}
