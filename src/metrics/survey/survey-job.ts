import { UsageError } from '../../errors.js';
import type { FileHeader, RecordCursor, RecordHandler } from '../../io/records.js';
import { assertUsedHeadersUnique, columnSpecs, groupColumn, missingColumnError, specNamed, type Resolution } from '../../schema/columns.js';
import { timestampReader } from '../../schema/date-format.js';
import { ResponseRow } from '../../schema/response.js';
import { parseTimestamp, timestampProblem } from '../../schema/timestamps.js';
import { groupLabel } from '../../schema/values.js';
import { Periods } from '../../time/periods.js';
import { DataSpan } from '../../time/window.js';
import { TimeZone } from '../../time/zone.js';
import { Grouped } from '../grouped.js';
import { keyedTable } from '../keyed-table.js';
import type { JobResult, MetricJob, RowContext } from '../job.js';
import { counted } from '../plural.js';
import type { Cell, ResultColumn } from '../types.js';
import { ScoreCounts } from './scores.js';
import type { SurveyOptions } from './options.js';

// NPS, CSAT and CES share everything but their scale and their figures: one
// job reads the score column, checks each answer against the scale and
// counts it in the histogram of its period and group.

export const SURVEY_COLUMNS = columnSpecs(ResponseRow);


/** What makes NPS, CSAT or CES. */
export interface SurveyMetric {
  title: string;
  defaultScale: [number, number];
  /** Whether --scale may change the scale. */
  scalable: boolean;
  formula(scale: [number, number]): string;
  columns: ResultColumn[];
  figures(scores: ScoreCounts, scale: [number, number]): Cell[];
}

export class SurveyJob implements MetricJob {
  readonly columns = SURVEY_COLUMNS;
  readonly scale: [number, number];
  private readonly zone: TimeZone;
  private readonly periods: Periods | undefined;
  private readonly span: DataSpan;
  private readonly grouped: Grouped<number, ScoreCounts, ScoreCounts>;
  private outsideWindow = 0;

  constructor(
    readonly metric: SurveyMetric,
    readonly options: SurveyOptions,
  ) {
    this.scale = parseScale(this.options.scale, metric);
    this.zone = new TimeZone(this.options.tz);
    this.periods = this.options.period ? new Periods(this.options.period, this.zone, this.options.weekStart) : undefined;
    this.span = new DataSpan(this.options, this.zone);
    this.grouped = new Grouped(() => new ScoreCounts(this.scale[0], this.scale[1]), this.options.groupBy.length);
  }

  get effectiveOptions(): Record<string, unknown> {
    return { ...this.options, scale: this.scale.join('-'), tz: this.zone.name };
  }

  private get needsTimestamp(): boolean {
    return this.periods !== undefined || this.span.bounded;
  }

  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext): RecordHandler {
    const missing = (name: string, why: string) =>
      missingColumnError(file, specNamed(SURVEY_COLUMNS, name), why, name === 'score' ? 'How likely are you to recommend us?' : 'Your header');
    const score = resolution.columns.get('score');
    if (!score) throw missing('score', 'the answers to count');
    const respondedAt = resolution.columns.get('responded_at');
    if (this.needsTimestamp && !respondedAt) throw missing('responded_at', 'needed by --period, --since and --until');
    const groups = this.options.groupBy.map((name) => groupColumn(name, file.header, resolution, { file: file.file, line: file.headerLine }).index);
    const timeIndex = this.needsTimestamp ? respondedAt!.index : -1;
    assertUsedHeadersUnique(file.header, [score.index, ...groups, ...(timeIndex >= 0 ? [timeIndex] : [])], file.file, file.headerLine);
    const readTime = timestampReader(this.options.dateFormat, this.zone, parseTimestamp);
    const [min, max] = this.scale;
    const expected = `a whole number from ${min} to ${max}`;
    const here = (column?: string) => () => ({ file: file.file, line: cursor.line(), column });
    const values: string[] = new Array(groups.length);
    const blankDescribe = (n: number) => `${counted(n, `blank "${score.header}" answer`)} left out (no answer)`;
    const blankAt = here(score.header);

    return (cells) => {
      const raw = cells[score.index];
      const text = raw === null || raw === undefined ? '' : String(raw).trim();
      if (text === '') {
        context.notes.add('score:blank', blankDescribe, blankAt);
        return;
      }
      const value = Number(text);
      if (!/^[+-]?\d+(\.0+)?$/.test(text) || value < min || value > max) {
        context.problems.add('score:bad', (n) => `${counted(n, 'row')} with a bad "${score.header}" answer: expected ${expected}; the first was "${text}"`, here(score.header));
        return;
      }
      let period = 0;
      if (timeIndex >= 0) {
        const time = readTime(cells[timeIndex]);
        if (Number.isNaN(time)) {
          const cell = cells[timeIndex];
          context.problems.add('responded_at:bad', (n) => `${counted(n, 'row')} with a bad "${respondedAt!.header}"; the first: ${timestampProblem(cell)}`, here(respondedAt!.header));
          return;
        }
        if (this.span.excludes(time)) {
          this.outsideWindow++;
          return;
        }
        this.span.see(time);
        if (this.periods) period = this.periods.keyOf(time);
      }
      for (let g = 0; g < groups.length; g++) values[g] = groupLabel(cells[groups[g]]);
      this.grouped.get(period, values).add(value);
    };
  }

  finish(): JobResult {
    const notes: string[] = [];
    if (this.outsideWindow > 0) notes.push(`${counted(this.outsideWindow, 'answer')} outside --since/--until not counted`);
    return keyedTable({
      title: this.metric.title,
      formula: this.metric.formula(this.scale),
      periods: this.periods,
      span: this.span,
      groupNames: this.options.groupBy,
      figures: this.metric.columns,
      rows: this.grouped.sorted().map((group) => ({ period: group.key.period, values: group.key.values, cells: this.metric.figures(group.state, this.scale) })),
      overall: this.metric.figures(this.grouped.overall(), this.scale),
      notes,
    });
  }
}

function parseScale(scale: string | undefined, metric: SurveyMetric): [number, number] {
  if (scale === undefined) return metric.defaultScale;
  const [low, high] = scale.split('-').map(Number);
  if (!metric.scalable) {
    if (low !== metric.defaultScale[0] || high !== metric.defaultScale[1]) {
      throw new UsageError(`--scale ${scale}: this metric is defined on ${metric.defaultScale.join('-')} only`);
    }
  }
  if (!(low < high) || high - low > 100) throw new UsageError(`--scale "${scale}" is not a scale: write it low-high, like 1-5`);
  return [low, high];
}
