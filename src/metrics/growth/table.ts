import type { AccountPlan } from '../../schema/plans/accounts.js';
import { periodRange } from '../events/period-range.js';
import type { Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import type { AccountInput } from '../../schema/plans/accounts.js';
import type { AccountDays } from './state.js';
import { UsageError } from '../../errors.js';
import type { EngagementRate } from '../rate/engagement-rate.js';
import type { PostList } from '../rate/post-list.js';
import { postingRates } from './posting-rates.js';

/** The columns of the posts' rates by followers at posting time (--posts). */
const POSTING_COLUMNS: ResultColumn[] = [
  { name: 'posts', type: 'count' },
  { name: 'interactions', type: 'count' },
  { name: 'pooled_rate', type: 'rate' },
  { name: 'mean_rate', type: 'rate' },
  { name: 'median_rate', type: 'rate' },
];

// `engage growth` (social.md "Follower growth"): per platform and period,
// the followers of the period's latest day with a count, the net change and
// growth rate against the period before, and the followers gained and lost.

/** engage growth --posts: the posts listed from that file. */
export interface GrowthPosts {
  file: string;
  list: PostList;
}

export function growthTable(grouped: Grouped<AccountInput, AccountDays>, plan: AccountPlan, posts?: GrowthPosts): JobResult {
  const periods = plan.time.periods!;
  const span = plan.time.span;
  const { counts } = plan;
  const rows: Cell[][] = [];
  const periodKeys: (number | null)[] = [];
  const partial = new Set<number>();
  const sum = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0));
  const accounts = grouped.sorted().map((group) => ({ label: counts.platform ? String(group.key.values[0]) : '', days: [...group.state.days.entries()].sort(([a], [b]) => a - b) }));
  if (posts !== undefined && !counts.followers) {
    throw new UsageError('--posts rates each post by the followers its account had that day: the account file has no followers count (only gains and losses)', ['give an account file with a followers column (--map followers="Your header")']);
  }
  const rated = posts === undefined ? undefined : postingRates(posts.list.listed(), accounts, periods, plan.time.zone, posts.file);
  const rateCells = (rate: EngagementRate | undefined): Cell[] => {
    if (rated === undefined) return [];
    const figures = rate?.summary();
    return figures === undefined ? [0, 0, null, null, null] : [figures.posts, figures.interactions, figures.pooledRate, figures.meanRate, figures.medianRate];
  };
  for (const { label: account, days } of accounts) {
    const ofPosts = rated?.byAccount.get(account);
    const keys = periodRange(periods, [...days.map(([day]) => periods.keyOfDay(day)), ...(ofPosts?.periods.keys() ?? [])]);
    const label = counts.platform ? [account] : [];
    let previous: number | null = null;
    let previousKey: number | undefined;
    // The all row's followers: the latest count, though later periods (of posts only, or blank counts) have none.
    let latest: number | null = null;
    const totals = { days: 0, gained: [] as number[], lost: [] as number[] };
    for (const key of keys) {
      const inside = days.filter(([day]) => periods.keyOfDay(day) === key).map(([, day]) => day);
      const withCount = inside.filter((day) => !Number.isNaN(day.followers));
      const followers = withCount.length > 0 ? withCount[withCount.length - 1].followers : null;
      const gained = counts.gained ? sum(inside.filter((d) => !Number.isNaN(d.gained)).map((d) => d.gained)) ?? 0 : null;
      const lost = counts.lost ? sum(inside.filter((d) => !Number.isNaN(d.lost)).map((d) => d.lost)) ?? 0 : null;
      // The period before must be the one just before, with a count: a gap leaves the change undefined.
      const before = previousKey !== undefined && periods.next(previousKey) === key ? previous : null;
      const net = counts.followers ? (followers !== null && before !== null ? followers - before : null) : gained !== null && lost !== null ? gained - lost : null;
      const rate = counts.followers && net !== null && before !== null && before > 0 ? net / before : null;
      const isPartial = span.isPartial(periods, key);
      if (isPartial) partial.add(key);
      else {
        totals.days += inside.length;
        if (gained !== null) totals.gained.push(gained);
        if (lost !== null) totals.lost.push(lost);
      }
      rows.push([periods.label(key), isPartial, ...label, inside.length, ...(counts.followers ? [followers] : []), ...(counts.gained ? [gained] : []), ...(counts.lost ? [lost] : []), net, rate, ...rateCells(ofPosts?.periods.get(key))]);
      periodKeys.push(key);
      [previous, previousKey] = [followers, key];
      if (followers !== null) latest = followers;
    }
    // Each platform's all row: its complete periods' days, gains and losses; the followers of its last period.
    rows.push(['all', false, ...label, totals.days, ...(counts.followers ? [latest] : []), ...(counts.gained ? [sum(totals.gained) ?? 0] : []), ...(counts.lost ? [sum(totals.lost) ?? 0] : []), null, null, ...rateCells(ofPosts?.all)]);
    periodKeys.push(null);
  }
  const columns: ResultColumn[] = [
    { name: 'period', type: 'period' },
    { name: 'partial', type: 'flag' },
    ...(counts.platform ? [{ name: 'platform', type: 'text' } as ResultColumn] : []),
    { name: 'days', type: 'count' },
    ...(counts.followers ? [{ name: 'followers', type: 'count' } as ResultColumn] : []),
    ...(counts.gained ? [{ name: 'gained', type: 'count' } as ResultColumn] : []),
    ...(counts.lost ? [{ name: 'lost', type: 'count' } as ResultColumn] : []),
    { name: 'net_change', type: 'count' },
    { name: 'growth_rate', type: 'rate' },
    ...(rated === undefined ? [] : POSTING_COLUMNS),
  ];
  const net = counts.followers ? 'followers − the period before’s followers' : 'gained − lost';
  return {
    table: {
      title: 'Follower growth',
      formula: `followers = the count of the period's latest day with one; net_change = ${net}; growth_rate = net_change / the period before's followers${counts.followers ? '' : ' (no followers column: none)'}; all: the days, gains and losses of complete periods, the latest followers count${rated === undefined ? '' : `; posts of ${posts!.file}: rate = interactions / the followers of the post's day (else the latest earlier day), pooled = Σ interactions / Σ those followers; all: every post`}`,
      columns,
      rows,
      partialColumn: 'partial',
      periodKeys,
    },
    notes: [
      ...(rated?.notes ?? []),
      ...(counts.gained && !counts.lost && !counts.followers ? ["no column of followers lost (X's and Meta's follows exports have none): net_change needs one, or a followers count"] : []),
      ...[...partial].sort((a, b) => a - b).map((key) => span.partialNote(periods, key)),
    ],
    periods,
  };
}
