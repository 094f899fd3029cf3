import type { FileHeader, RecordCursor, RecordHandler } from '../../io/records.js';
import { assertUsedHeadersUnique, columnSpecs, type Resolution } from '../../schema/columns.js';
import { PostRow } from '../../schema/post.js';
import { timestampReader } from '../../schema/date-format.js';
import { parseTimestamp } from '../../schema/timestamps.js';
import { DataSpan } from '../../time/window.js';
import { Periods } from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { EngagementRate, type RatePost, type RateSummary } from '../engagement-rate.js';
import { Grouped } from '../grouped.js';
import { counted } from '../plural.js';

import type { JobResult, MetricJob, RowContext } from '../job.js';
import type { RateOptions } from './options.js';
import { planRateFile, type RateFilePlan } from './file-plan.js';
import { PostList } from './post-list.js';
import { compileRateRow } from './row.js';
import { postTable, summaryTable } from './tables.js';

// `engage rate` over any number of files: each file's header is planned once,
// its rows converted by a compiled handler and added to one accumulator per
// period and group.

const SPECS = columnSpecs(PostRow);

export class RateJob implements MetricJob {
  readonly columns = SPECS;
  readonly options: RateOptions;
  readonly zone: TimeZone;
  readonly periods: Periods | undefined;
  readonly span: DataSpan;
  private readonly grouped: Grouped<RatePost, RateSummary, EngagementRate>;
  private readonly list: PostList | undefined;
  private readonly plans: { file: string; plan: RateFilePlan }[] = [];
  private order = 0;
  private outsideWindow = 0;

  constructor(options: RateOptions) {
    this.options = options;
    this.zone = new TimeZone(this.options.tz);
    this.periods = this.options.period ? new Periods(this.options.period, this.zone, this.options.weekStart) : undefined;
    this.span = new DataSpan(this.options, this.zone);
    this.grouped = new Grouped(() => new EngagementRate(), this.options.groupBy.length);
    const listing = this.options.perPost || this.options.top !== undefined;
    this.list = listing ? new PostList(this.options.perPost ? undefined : this.options.top) : undefined;
  }

  get effectiveOptions(): Record<string, unknown> {
    return { ...this.options, tz: this.zone.name };
  }

  /** Timestamps are read only when something needs them: they cost the most per row. */
  private get needsTimestamp(): boolean {
    return this.periods !== undefined || this.span.bounded;
  }

  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext): RecordHandler {
    const plan = planRateFile(file, resolution, SPECS, this.options, this.needsTimestamp);
    const readTimestamp = this.needsTimestamp || this.list !== undefined;
    const used = [plan.basis, ...plan.interactions, ...plan.groups];
    if (readTimestamp && plan.publishedAt) used.push(plan.publishedAt);
    assertUsedHeadersUnique(file.header, used.map((c) => c.index), file.file, file.headerLine);
    this.plans.push({ file: file.file, plan });
    // Two count columns for one meaning (X's Shares and Reposts) change the numbers: say which was used.
    for (const shadow of resolution.shadowed) {
      if (used.some((c) => c.header === shadow.usedHeader && c.name !== 'published_at')) {
        context.notes.add(`shadow:${file.file}:${shadow.header}`, () => `"${shadow.header}" also means ${shadow.column}; "${shadow.usedHeader}" was used (--map ${shadow.column}="${shadow.header}" to use the other)`, () => ({ file: file.file, line: file.headerLine }));
      }
    }
    return compileRateRow({
      file,
      plan,
      cursor,
      context,
      readTime: timestampReader(this.options.dateFormat, this.zone, parseTimestamp),
      readTimestamp,
      needsTimestamp: this.needsTimestamp,
      listing: this.list !== undefined,
      accept: (post, timestamp, groupValues, id, platform) => this.accept(post, timestamp, groupValues, id, platform),
    });
  }

  private accept(post: RatePost, timestamp: number, groupValues: string[], id: string | undefined, platform: string | undefined): void {
    if (this.span.excludes(timestamp)) {
      this.outsideWindow++;
      return;
    }
    this.span.see(timestamp);
    const period = this.periods ? this.periods.keyOf(timestamp) : 0;
    this.grouped.get(period, groupValues).add(post);
    if (this.list) {
      const rate = post.basis > 0 ? post.interactions / post.basis : null;
      this.list.add({ id, publishedAt: timestamp, platform, groups: [...groupValues], interactions: post.interactions, basis: post.basis, rate, order: this.order++ });
    }
  }

  finish(): JobResult {
    const formulas = [...new Set(this.plans.map((p) => p.plan.formula))];
    const formula = formulas.length === 1 ? formulas[0] : this.plans.map((p) => `${p.file}: ${p.plan.formula}`).join('; ');
    const notes: string[] = [];
    const basisName = this.plans[0]?.plan.basis.name ?? this.options.by ?? 'basis';
    if (this.outsideWindow > 0) notes.push(`${counted(this.outsideWindow, 'post')} outside --since/--until were not counted`);
    const overall = this.grouped.overall();
    const summary = overall.result();
    if (summary.leftOutZero > 0) notes.push(`${counted(summary.leftOutZero, 'post')} with zero ${basisName} ${summary.leftOutZero === 1 ? 'was' : 'were'} left out of the rates`);
    const groupNames = this.options.groupBy;

    if (this.list) {
      const title = this.options.perPost ? 'Engagement rate per post' : `Top ${this.options.top} posts by engagement rate`;
      return { table: postTable(this.list.result(), groupNames, this.zone, title, formula), notes };
    }
    const groups = this.grouped.sorted();
    const periods = this.periods;
    const partial = periods ? [...new Set(groups.map((g) => g.key.period))].filter((key) => this.span.isPartial(periods, key)) : [];
    for (const key of partial) notes.push(this.span.partialNote(periods!, key));
    const dailyRate = this.options.period === 'day' && this.plans.every((p) => p.plan.basis.name === 'followers');
    const pooled = `pooled = Σ interactions / Σ ${basisName} over posts with ${basisName} > 0`;
    const daily = dailyRate ? `; daily_rate = Σ interactions of the day / the day's latest followers` : '';
    return {
      table: summaryTable(groups, overall, {
        periods: this.periods,
        groupNames,
        dailyRate,
        partial: new Set(partial),
        fillGaps: groupNames.length === 0,
        formula: `${formula}; ${pooled}${daily}`,
        title: 'Engagement rate',
      }),
      notes,
      periods: this.periods,
    };
  }
}
