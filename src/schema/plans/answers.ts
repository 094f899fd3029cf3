import { readingColumns, type FileHeader, type RecordCursor, type RecordHandler } from '../../io/records.js';
import { counted } from '../../notes/plural.js';
import { assertUsedHeadersUnique, missingColumnError, specNamed, type Resolution } from '../columns.js';
import { cellText } from '../blank.js';
import { ROW_COLUMNS } from '../row-kinds.js';
import { fillGroups, groupColumns, groupLabels } from './group-columns.js';
import type { Keyed, PlanGathered, RowContext, RowPlan, RowSink } from './row-plan.js';
import { TimeSetup, type TimeOptions } from './time-setup.js';

// The reading of survey answers for NPS, CSAT and CES: the answer must be a
// whole number on the scale; a blank answer is no answer. With --period or
// --since/--until the answer's time is read first, and answers outside the
// window are not checked.

export interface AnswerInput extends Keyed {
  score: number;
}

export interface AnswerPlanOptions extends TimeOptions {
  groupBy: string[];
  /** [lowest, highest] answer. */
  scale: readonly [number, number];
  /** Whether --scale can change the scale (CSAT): whole answers off it then ask for --scale, not --skip-invalid. */
  scaleFlag: boolean;
}

const COLUMNS = ROW_COLUMNS.answers;

export class AnswerPlan implements RowPlan<AnswerInput> {
  readonly kind = 'answers' as const;
  readonly columns = COLUMNS;
  readonly time: TimeSetup;
  /** The lowest and highest whole answers seen, on the scale or not. */
  private lowest = Number.POSITIVE_INFINITY;
  private highest = Number.NEGATIVE_INFINITY;

  constructor(readonly options: AnswerPlanOptions) {
    this.time = new TimeSetup(options);
  }

  notes(): string[] {
    return this.time.span.outside > 0 ? [`${counted(this.time.span.outside, 'answer')} outside --since/--until not counted`] : [];
  }

  gathered(): PlanGathered {
    return { reach: this.time.span.reach(), answers: { lowest: this.lowest, highest: this.highest } };
  }

  absorb(gathered: PlanGathered): void {
    this.time.span.absorb(gathered.reach);
    if (gathered.answers) {
      this.lowest = Math.min(this.lowest, gathered.answers.lowest);
      this.highest = Math.max(this.highest, gathered.answers.highest);
    }
  }

  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext, sink: RowSink<AnswerInput>): RecordHandler {
    const missing = (name: string, why: string) =>
      missingColumnError(file, specNamed(COLUMNS, name), why, name === 'score' ? 'How likely are you to recommend us?' : 'Your header', resolution.refused);
    const score = resolution.columns.get('score');
    if (!score) throw missing('score', 'the answers to count');
    const { time: clock } = this;
    const respondedAt = resolution.columns.get('responded_at');
    clock.assertActs(clock.needed);
    if (clock.needed && !respondedAt) throw missing('responded_at', 'needed by --period, --since and --until');
    const groups = groupColumns(this.options.groupBy, file, resolution);
    const labels = groupLabels(groups);
    const timeIndex = clock.needed ? respondedAt!.index : -1;
    assertUsedHeadersUnique(file.header, [score.index, ...groups.map((g) => g.index), ...(timeIndex >= 0 ? [timeIndex] : [])], file.file, file.headerLine);
    const [min, max] = this.options.scale;
    const expected = `a whole number from ${min} to ${max}`;
    const here = (column?: string) => () => ({ file: file.file, line: cursor.line(), column });
    const blankDescribe = (n: number) => `${counted(n, `blank "${score.header}" answer`)} left out (no answer)`;
    const blankAt = here(score.header);
    const { periods, span } = clock;
    const reach = clock.spanRecorder();
    const fileClock = clock.forFile(file.file);
    const row: AnswerInput = { score: 0, period: 0, groups: new Array(groups.length) };
    // Whole answers off a scale that --scale can change mean the scale is another one:
    // leaving them out would compute the figure over part of the answers.
    const otherScale = this.options.scaleFlag && {
      hint: () => `the answers go from ${this.lowest} to ${this.highest}: name the question's scale, e.g. --scale ${Math.min(min, this.lowest)}-${Math.max(max, this.highest)}`,
      skippable: false,
    };

    return readingColumns((cells) => {
      let period = 0;
      let time = Number.NaN;
      if (timeIndex >= 0) {
        time = fileClock.read(cells[timeIndex]);
        if (Number.isNaN(time)) {
          clock.reportBadTime(context.problems, fileClock, respondedAt!, cells[timeIndex], here(respondedAt!.header));
          return;
        }
        if (span.leavesOut(time)) return;
        if (periods) period = periods.keyOf(time);
      }
      const raw = cells[score.index];
      const text = cellText(raw);
      if (text === '') {
        context.notes.add('score:blank', blankDescribe, blankAt);
        return;
      }
      const value = Number(text);
      const whole = /^[+-]?\d+(\.0+)?$/.test(text);
      if (whole) {
        if (value < this.lowest) this.lowest = value;
        if (value > this.highest) this.highest = value;
      }
      if (!whole || value < min || value > max) {
        const offScale = whole && otherScale && value >= 0 && value <= 10;
        context.problems.add(
          offScale ? 'score:scale' : 'score:bad',
          (n) => `${counted(n, 'row')} with ${offScale ? 'an answer off the scale in' : 'a bad'} "${score.header}"${offScale ? '' : ' answer'}: expected ${expected}; the first was "${text}"`,
          here(score.header),
          offScale ? otherScale : undefined,
        );
        return;
      }
      // The data ends where its last counted answer is.
      if (timeIndex >= 0) reach.see(cells[timeIndex], time);
      fillGroups(row.groups, labels, cells);
      row.score = value;
      row.period = period;
      context.counted++;
      sink.add(row);
    }, [score.index, ...groups.map((g) => g.index), ...(timeIndex >= 0 ? [timeIndex] : [])]);
  }
}
