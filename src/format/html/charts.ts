import type { Cell, ResultColumn, ResultTable } from '../../metrics/types.js';
import { humanCell } from '../human.js';
import { el, esc, fixed } from './markup.js';

// The chart a person expects beside each table, as static SVG drawn here (a
// few shapes a chart: no library would make them simpler, and the page must
// carry no script): a retention heatmap, lines per period, funnel bars, NPS
// and lifecycle stacked bars, RFM segments. Every mark carries its value in a
// <title> and data- attributes, so the chart can be read and tested without
// seeing it. Colours come from the page's CSS (light, dark, print).

const FIGURES = new Set<ResultColumn['type']>(['count', 'rate', 'number', 'score']);
const WIDTH = 640;

export function chartOf(table: ResultTable): string | undefined {
  const has = (...names: string[]) => names.every((name) => table.columns.some((c) => c.name === name));
  if (has('cohort', 'offset_0')) return heatmap(table);
  if (has('published_at', 'rate', 'breakout', 'score')) return breakoutTimeline(table);
  if (has('weekday', 'hour', 'median_rate', 'posts') && table.columns[0]?.type !== 'period') return weekHourHeatmap(table);
  if (has('variant', 'ci_low', 'ci_high') || has('variant', 'credible_low', 'credible_high')) return effectIntervals(table);
  if (has('event', 'threshold', 'odds_ratio', 'odds_ratio_low', 'odds_ratio_high', 'magic')) return driverBars(table);
  if (has('step', 'conversion_from_first') && table.columns[0]?.type === 'period') return conversionOverTime(table);
  if (has('step', 'conversion_from_first')) return funnelBars(table);
  if (has('bin_start_hours', 'bin_end_hours', 'customers')) return histogram(table);
  if (has('active_days', 'customers', 'share')) return activeDayLines(table);
  if (has('promoter_share', 'passive_share', 'detractor_share')) return stackedShares(table);
  if (has('new', 'returning', 'resurrecting', 'dormant')) return lifecycleBars(table);
  if (has('new_mrr', 'reactivation_mrr', 'expansion_mrr', 'contraction_mrr', 'churned_mrr')) return mrrMovementBars(table);
  if (has('days', 'net_change', 'growth_rate') && table.columns[0]?.type === 'period') return followerGrowth(table);
  if (has('segment', 'share', 'customers')) return rankedBars(table, 'segment');
  if (has('path', 'share', 'customers')) return rankedBars(table, 'path');
  if (table.columns[0]?.type === 'period' && flagAt(table) >= 0) return periodCharts(table);
  return undefined;
}

/** The column that marks a row's period as not final: partial, or a rolling window's incomplete day. */
const flagAt = (table: ResultTable): number => (table.partialColumn !== undefined ? at(table, table.partialColumn) : table.columns[1]?.type === 'flag' ? 1 : -1);

const at = (table: ResultTable, name: string) => table.columns.findIndex((c) => c.name === name);
const numberOf = (cell: Cell | undefined): number | null => (typeof cell === 'number' && Number.isFinite(cell) ? cell : null);
/** The label of a row: its text and period cells, joined. */
const rowLabel = (table: ResultTable, row: Cell[]) =>
  table.columns
    .map((c, i) => (c.type === 'text' || c.type === 'period' ? String(row[i] ?? '') : undefined))
    .filter((v): v is string => v !== undefined && v !== '')
    .join(' · ');

function svg(label: string, height: number, ...children: string[]): string {
  return wideSvg(label, WIDTH, height, ...children);
}

/** A chart as wide as it needs (a heatmap of many offsets); the page scales it down to fit. */
function wideSvg(label: string, width: number, height: number, ...children: string[]): string {
  return el('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${fixed(width)} ${fixed(height)}`, width, role: 'img', 'aria-label': label, class: 'chart' }, el('title', {}, esc(label)), ...children);
}

/** A legend line: a coloured dot and a name for each part, from x at y. */
function legend(x: number, y: number, names: readonly string[]): string {
  return names.map((name, s) => text(x + s * 150, y, `● ${name}`, { class: `legend s${s}` })).join('');
}

function text(x: number, y: number, content: string, attributes: Record<string, string> = {}): string {
  return el('text', { x, y, ...attributes }, esc(content));
}

/** One cell a retention cell (the overall row too), shaded by its value; empty cells are left out. */
function heatmap(table: ResultTable): string {
  // offset_3, or a bracket of offsets (offset_2_7: 2 to 7).
  const offsets = table.columns.flatMap((c, i) => (/^offset_\d+(_\d+)?$/.test(c.name) ? [{ k: c.name.slice(7).replace('_', '–'), i, column: c }] : []));
  const [labelWidth, cellHeight, top] = [150, 22, 24];
  const cellWidth = Math.max(18, (WIDTH - labelWidth) / Math.max(1, offsets.length));
  const values = table.rows.flatMap((row) => offsets.map(({ i }) => numberOf(row[i])).filter((v): v is number => v !== null));
  const isShare = offsets[0]?.column.type === 'rate';
  // Net revenue retention passes 100 %: the darkest cell is the highest share, never below 100 %.
  const high = isShare ? Math.max(1, ...values) : Math.max(0, ...values);
  const marks = new Set((table.marks ?? []).map(([r, c]) => `${r}:${c}`));
  const parts: string[] = offsets.map(({ k }, j) => text(labelWidth + j * cellWidth + cellWidth / 2, 16, k, { class: 'axis', 'text-anchor': 'middle' }));
  table.rows.forEach((row, r) => {
    const y = top + r * cellHeight;
    const label = rowLabel(table, row);
    parts.push(text(labelWidth - 6, y + cellHeight * 0.7, label, { class: r === table.overallRow ? 'axis strong' : 'axis', 'text-anchor': 'end' }));
    for (const [j, { k, i, column }] of offsets.entries()) {
      const value = numberOf(row[i]);
      if (value === null) continue;
      const partial = marks.has(`${r}:${i}`);
      const shown = `${label}, offset ${k}: ${humanCell(value, column)}${partial ? ' (partial)' : ''}`;
      parts.push(
        el(
          'rect',
          {
            x: labelWidth + j * cellWidth,
            y,
            width: cellWidth - 1,
            height: cellHeight - 1,
            class: partial ? 'cell partial' : 'cell',
            'fill-opacity': high > 0 ? 0.08 + 0.92 * Math.max(0, Math.min(1, value / high)) : 0.08,
            'data-row': label,
            'data-offset': k,
            'data-value': String(value),
          },
          el('title', {}, esc(shown)),
        ),
      );
    }
  });
  return wideSvg(`${table.title}: a heatmap of each cohort by offset`, Math.max(WIDTH, labelWidth + offsets.length * cellWidth), top + table.rows.length * cellHeight + 4, ...parts);
}

/** Each post's rate over time, a point a post; breakouts marked apart, posts not scored hollow. */
function breakoutTimeline(table: ResultTable): string | undefined {
  const [when, rate, breakout, score, id] = ['published_at', 'rate', 'breakout', 'score', 'post_id'].map((name) => at(table, name));
  const posts = table.rows
    .map((row) => ({ row, time: typeof row[when] === 'string' ? Date.parse(String(row[when])) : Number.NaN, value: numberOf(row[rate]) }))
    .filter((p): p is { row: Cell[]; time: number; value: number } => Number.isFinite(p.time) && p.value !== null);
  if (posts.length < 2) return undefined;
  const [first, last] = [Math.min(...posts.map((p) => p.time)), Math.max(...posts.map((p) => p.time))];
  const high = Math.max(...posts.map((p) => p.value)) || 1;
  const [height, left, bottom, top] = [240, 56, 40, 16];
  const x = (time: number) => left + ((WIDTH - left - 20) * (time - first)) / Math.max(1, last - first);
  const y = (value: number) => top + (1 - value / high) * (height - top - bottom);
  const parts = [
    el('line', { x1: left, y1: y(0), x2: WIDTH - 20, y2: y(0), class: 'axis-line' }),
    text(left - 6, y(high) + 4, humanCell(high, table.columns[rate]), { class: 'axis', 'text-anchor': 'end' }),
    text(left - 6, y(0) + 4, humanCell(0, table.columns[rate]), { class: 'axis', 'text-anchor': 'end' }),
    text(left, height - bottom + 16, String(posts.find((p) => p.time === first)!.row[when]).slice(0, 10), { class: 'axis' }),
    text(WIDTH - 20, height - bottom + 16, String(posts.find((p) => p.time === last)!.row[when]).slice(0, 10), { class: 'axis', 'text-anchor': 'end' }),
  ];
  for (const { row, time, value } of posts) {
    const isBreakout = row[breakout] === true;
    const scored = numberOf(row[score]) !== null;
    const label = `${row[id] ?? ''} ${String(row[when])}: ${humanCell(value, table.columns[rate])}${scored ? `, score ${humanCell(row[score], table.columns[score])}` : ', not scored'}${isBreakout ? ' — a breakout' : ''}`;
    parts.push(el('circle', { cx: x(time), cy: y(value), r: isBreakout ? 5 : 3, class: `point ${isBreakout ? 's5' : 's0'}${scored ? '' : ' partial'}`, 'data-post': String(row[id] ?? ''), 'data-value': String(value), 'data-breakout': String(isBreakout) }, el('title', {}, esc(label.trim()))));
  }
  const count = posts.filter((p) => p.row[breakout] === true).length;
  parts.push(text(left + 8, height - 6, '● a post', { class: 'legend s0' }), text(left + 120, height - 6, `● a breakout (${count})`, { class: 'legend s5' }), text(left + 280, height - 6, '○ not scored', { class: 'legend s0' }));
  return svg(`${table.title}: each post's rate over time, ${count} breakout${count === 1 ? '' : 's'} marked`, height, ...parts);
}

/** The best time to post: 7 rows of 24 hours, each cell shaded by its median rate and showing its posts. */
function weekHourHeatmap(table: ResultTable): string {
  const [day, hour, median, posts] = ['weekday', 'hour', 'median_rate', 'posts'].map((name) => at(table, name));
  const rows = table.rows.filter((row, r) => r !== table.overallRow && row[day] !== 'all');
  const days = [...new Set(rows.map((row) => String(row[day])))];
  const high = Math.max(0, ...rows.map((row) => numberOf(row[median]) ?? 0));
  const [labelWidth, top, size] = [44, 20, (WIDTH - 44) / 24];
  const parts: string[] = Array.from({ length: 24 }, (_, h) => text(labelWidth + h * size + size / 2, 14, String(h).padStart(2, '0'), { class: 'axis', 'text-anchor': 'middle' }));
  days.forEach((d, r) => {
    const y = top + r * size;
    parts.push(text(labelWidth - 6, y + size * 0.65, d, { class: 'axis', 'text-anchor': 'end' }));
    for (const row of rows.filter((candidate) => String(candidate[day]) === d)) {
      const h = Number(row[hour]);
      const value = numberOf(row[median]);
      const label = `${d} ${row[hour]}:00`;
      const shown = `${label}: median ${value === null ? '—' : humanCell(value, table.columns[median])} over ${row[posts]} posts`;
      parts.push(
        el('rect', { x: labelWidth + h * size, y, width: size - 1, height: size - 1, class: 'cell', 'fill-opacity': high > 0 && value !== null ? 0.08 + 0.92 * (value / high) : 0.08, 'data-row': d, 'data-offset': String(row[hour]), 'data-value': String(value), 'data-posts': String(row[posts]) }, el('title', {}, esc(shown))),
        text(labelWidth + h * size + size / 2, y + size * 0.65, String(row[posts]), { class: 'axis', 'text-anchor': 'middle' }),
      );
    }
  });
  return svg(`${table.title}: the median rate of each weekday and hour, with its posts`, top + days.length * size + 6, ...parts);
}

/** A bar a step, as a share of those who started, with the drop from the step before. */
function funnelBars(table: ResultTable): string {
  const [event, share, customers, step] = [at(table, 'event'), at(table, 'conversion_from_first'), at(table, 'customers'), at(table, 'step')];
  const [labelWidth, barHeight] = [170, 26];
  const barWidth = WIDTH - labelWidth - 130;
  const parts = table.rows.map((row, r) => {
    const value = numberOf(row[share]) ?? 0;
    // Steps of a funnel are consecutive rows: the row before a step after the first is the step before it.
    const before = Number(row[step]) > 1 ? numberOf(table.rows[r - 1][share]) : null;
    const y = r * barHeight + 4;
    const dropShare = before !== null && before > 0 ? 1 - value / before : null;
    const drop = dropShare !== null ? ` (−${(dropShare * 100).toFixed(1)}% from the step before)` : '';
    const label = rowLabel(table, row) || String(row[event]);
    return [
      text(labelWidth - 6, y + barHeight * 0.62, label, { class: 'axis', 'text-anchor': 'end' }),
      el('rect', { x: labelWidth, y, width: Math.max(1, barWidth * value), height: barHeight - 6, class: 's0', 'data-row': label, 'data-value': String(value) }, el('title', {}, esc(`${label}: ${row[customers]} customers, ${(value * 100).toFixed(1)}% of those who started${drop}`))),
      // The drop-off from the step before, beside the bar.
      text(labelWidth + barWidth * value + 6, y + barHeight * 0.62, `${(value * 100).toFixed(1)}%${dropShare !== null ? `  −${(dropShare * 100).toFixed(1)}%` : ''}`, { class: 'axis' }),
    ].join('');
  });
  return svg(`${table.title}: bars of each step's share of the customers who started`, table.rows.length * barHeight + 8, ...parts);
}

/** A bar a row, split into its parts (promoters, passives, detractors …), each a share of the row. */
function stackedShares(table: ResultTable): string {
  const names = ['promoter_share', 'passive_share', 'detractor_share'];
  const columns = names.map((name) => at(table, name));
  const [labelWidth, barHeight] = [170, 24];
  const barWidth = WIDTH - labelWidth - 10;
  const parts = table.rows.flatMap((row, r) => {
    const label = rowLabel(table, row) || 'all';
    const y = r * barHeight + 4;
    let x = labelWidth;
    const out = [text(labelWidth - 6, y + barHeight * 0.62, label, { class: r === table.overallRow ? 'axis strong' : 'axis', 'text-anchor': 'end' })];
    columns.forEach((i, s) => {
      const value = numberOf(row[i]) ?? 0;
      out.push(el('rect', { x, y, width: barWidth * value, height: barHeight - 6, class: `s${s}`, 'data-row': label, 'data-part': names[s], 'data-value': String(value) }, el('title', {}, esc(`${label}, ${names[s].replace('_share', 's')}: ${(value * 100).toFixed(1)}%`))));
      x += barWidth * value;
    });
    return out;
  });
  const legendY = table.rows.length * barHeight + 18;
  parts.push(legend(labelWidth, legendY, ['promoters', 'passives', 'detractors']));
  return svg(`${table.title}: promoters, passives and detractors of each row`, legendY + 6, ...parts);
}

/** A funnel by the period of entry (PostHog's conversion over time): the last step's conversion from the first, a line per group. */
function conversionOverTime(table: ResultTable): string | undefined {
  const [step, conversion] = [at(table, 'step'), at(table, 'conversion_from_first')];
  const last = Math.max(...table.rows.map((row) => Number(row[step])));
  const groups = table.columns.map((c, i) => ({ c, i })).filter(({ c, i }) => c.type === 'text' && c.name !== 'event' && i !== step);
  const flag = flagAt(table);
  const lastRows = table.rows.filter((row) => Number(row[step]) === last && row[0] !== 'all');
  const rows = lastRows.map((row) => [row[0], row[flag], ...groups.map(({ i }) => row[i]), row[conversion]]);
  const name = `conversion_to_${String(lastRows[0]?.[at(table, 'event')] ?? `step_${last}`)}`;
  return periodLines(
    {
      title: `${table.title}: conversion to step ${last}`,
      formula: table.formula,
      columns: [table.columns[0], { name: 'partial', type: 'flag' }, ...groups.map(({ c }) => c), { name, type: 'rate' }],
      rows,
      partialColumn: 'partial',
    },
    [{ column: { name, type: 'rate' }, i: 2 + groups.length }],
  );
}

/** An experiment: each variant's effect against the control as a dot on its interval, beside the line of no effect. */
function effectIntervals(table: ResultTable): string | undefined {
  const bayes = at(table, 'credible_low') >= 0;
  const [low, high] = [at(table, bayes ? 'credible_low' : 'ci_low'), at(table, bayes ? 'credible_high' : 'ci_high')];
  const effect = table.columns.findIndex((c) => c.name.endsWith('_effect'));
  const rows = table.rows.filter((row) => numberOf(row[effect]) !== null);
  if (rows.length === 0) return undefined;
  const column = table.columns[effect];
  // The scale: every finite end and zero; an open end runs to the edge.
  const ends = rows.flatMap((row) => [row[low], row[high], row[effect]]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const [lo, hi] = [Math.min(0, ...ends), Math.max(0, ...ends)];
  const pad = (hi - lo) * 0.08 || 1;
  const [left, right, rowHeight] = [200, WIDTH - 20, 30];
  const x = (v: number) => left + ((Math.max(lo - pad, Math.min(hi + pad, v)) - (lo - pad)) / (hi - lo + 2 * pad)) * (right - left);
  const height = rows.length * rowHeight + 30;
  const parts = [
    el('line', { x1: x(0), y1: 4, x2: x(0), y2: height - 24, class: 'axis-line' }),
    text(x(0), height - 8, `0 (no effect)`, { class: 'axis', 'text-anchor': 'middle' }),
  ];
  rows.forEach((row, r) => {
    const label = rowLabel(table, row);
    const y = 14 + r * rowHeight;
    const value = row[effect] as number;
    const [a, b] = [row[low] as number, row[high] as number];
    const significant = a > 0 || b < 0;
    const shown = `${label}: ${humanCell(value, column)}, interval ${humanCell(a, column)} to ${humanCell(b, column)}`;
    parts.push(
      text(left - 8, y + 4, label, { class: 'axis', 'text-anchor': 'end' }),
      el('line', { x1: x(a), y1: y, x2: x(b), y2: y, class: `line s${significant ? 0 : 1}` }),
      el('circle', { cx: x(value), cy: y, r: 4.5, class: `point s${significant ? 0 : 1}`, 'data-row': label, 'data-value': String(value), 'data-low': String(a), 'data-high': String(b) }, el('title', {}, esc(shown))),
    );
  });
  return svg(`${table.title}: each variant's effect against the control with its interval`, height, ...parts);
}

/**
 * Drivers, ranked as the table ranks them: each event's magic number (or, for an event without
 * one, its first threshold) as a bar of its odds ratio from 1 on a log scale, with its interval.
 */
function driverBars(table: ResultTable): string | undefined {
  const [event, threshold, odds, low, high, magic] = ['event', 'threshold', 'odds_ratio', 'odds_ratio_low', 'odds_ratio_high', 'magic'].map((name) => at(table, name));
  const events = [...new Set(table.rows.map((row) => String(row[event])))];
  const rows = events
    .map((name) => {
      const own = table.rows.filter((row) => String(row[event]) === name && numberOf(row[odds]) !== null);
      return own.find((row) => row[magic] === true) ?? own[0];
    })
    .filter((row): row is Cell[] => row !== undefined)
    .slice(0, 20);
  if (rows.length === 0) return undefined;
  const logs = rows.flatMap((row) => [row[low], row[high]].map(numberOf)).filter((v): v is number => v !== null && v > 0).map(Math.log);
  const [lo, hi] = [Math.min(0, ...logs), Math.max(0, ...logs)];
  const pad = (hi - lo) * 0.05 || 1;
  const [left, right, rowHeight] = [220, WIDTH - 20, 28];
  const x = (v: number) => left + ((Math.log(v) - (lo - pad)) / (hi - lo + 2 * pad)) * (right - left);
  const height = rows.length * rowHeight + 30;
  const parts = [el('line', { x1: x(1), y1: 4, x2: x(1), y2: height - 24, class: 'axis-line' }), text(x(1), height - 8, '1 (no association)', { class: 'axis', 'text-anchor': 'middle' })];
  rows.forEach((row, r) => {
    const y = 14 + r * rowHeight;
    const [value, a, b] = [row[odds] as number, row[low] as number, row[high] as number];
    const label = `${row[event]} ≥ ${row[threshold]}${row[magic] === true ? ' (magic)' : ''}`;
    const shown = `${label}: odds ratio ${humanCell(value, table.columns[odds])}, interval ${humanCell(a, table.columns[low])} to ${humanCell(b, table.columns[high])}`;
    parts.push(
      text(left - 8, y + 4, label, { class: 'axis', 'text-anchor': 'end' }),
      el('rect', { x: Math.min(x(1), x(value)), y: y - 6, width: Math.abs(x(value) - x(1)), height: 12, class: `s${value >= 1 ? 0 : 3}`, 'data-row': label, 'data-value': String(value), 'data-low': String(a), 'data-high': String(b) }, el('title', {}, esc(shown))),
      el('line', { x1: x(a), y1: y, x2: x(b), y2: y, class: 'line s1' }),
    );
  });
  return svg(`${table.title}: each event's odds ratio at its magic number, with its interval, on a log scale`, height, ...parts);
}

/** The time to convert as bars, a bin each, of the customers who converted in it. */
function histogram(table: ResultTable): string {
  const [start, end, customers] = [at(table, 'bin_start_hours'), at(table, 'bin_end_hours'), at(table, 'customers')];
  const [height, left, bottom, top] = [220, 40, 36, 12];
  const high = Math.max(1, ...table.rows.map((row) => numberOf(row[customers]) ?? 0));
  const step = (WIDTH - left - 10) / Math.max(1, table.rows.length);
  const scale = (height - top - bottom) / high;
  const parts = [el('line', { x1: left, y1: height - bottom, x2: WIDTH - 10, y2: height - bottom, class: 'axis-line' }), text(left - 6, top + 4, String(high), { class: 'axis', 'text-anchor': 'end' })];
  table.rows.forEach((row, r) => {
    const value = numberOf(row[customers]) ?? 0;
    const bin = `${humanCell(row[start], table.columns[start])}–${humanCell(row[end], table.columns[end])} h`;
    parts.push(el('rect', { x: left + r * step + 1, y: height - bottom - value * scale, width: Math.max(1, step - 2), height: value * scale, class: 's0', 'data-row': bin, 'data-value': String(value) }, el('title', {}, esc(`${bin}: ${value} customer${value === 1 ? '' : 's'}`))));
    if (r === 0 || r === table.rows.length - 1) parts.push(text(left + r * step + step / 2, height - bottom + 16, bin, { class: 'axis', 'text-anchor': 'middle' }));
  });
  return svg(`${table.title}: customers by their time to convert`, height, ...parts);
}

/** Stickiness by active days: the share of customers by days active, a line per week or month (one over the whole range). */
function activeDayLines(table: ResultTable): string | undefined {
  const [days, share] = [at(table, 'active_days'), at(table, 'share')];
  // A line per period and group: their labels joined.
  const keys = table.columns.flatMap((c, i) => (c.type === 'period' || c.type === 'text' ? [i] : []));
  const rows = table.rows
    .filter((row) => row[days] !== null && row[0] !== 'all')
    .map((row) => [String(row[days]), false, keys.map((i) => String(row[i])).join(' · '), row[share]])
    .sort((a, b) => Number(a[0]) - Number(b[0]));
  return periodLines(
    {
      title: table.title,
      formula: table.formula,
      columns: [{ name: 'active_days', type: 'period' }, { name: 'partial', type: 'flag' }, { name: keys.map((i) => table.columns[i].name).join(' and '), type: 'text' }, { name: 'share', type: 'rate' }],
      rows,
      partialColumn: 'partial',
    },
    [{ column: { name: 'share', type: 'rate' }, i: 3 }],
    'number of active days',
  );
}

/** Growth accounting: new, returning and resurrecting above zero, dormant below, a bar a period. */
function lifecycleBars(table: ResultTable): string {
  const rows = table.rows.filter((_, r) => r !== table.overallRow);
  // Dormant customers are counted as a loss (negative in the table): drawn below the line by their size.
  return upDownBars(table, rows, ['new', 'returning', 'resurrecting'], ['dormant'], `${table.title}: new, returning and resurrecting customers above the line, dormant below, per period`);
}

/** MRR movements: what came in above the line, what went out below, per period; a chart per currency (and group). */
function mrrMovementBars(table: ResultTable): string {
  const blocks = table.columns.flatMap((c, i) => (c.type === 'text' ? [i] : []));
  const rows = table.rows.filter((row) => row[0] !== 'all');
  const keyOf = (row: Cell[]) => blocks.map((i) => String(row[i])).join(' · ');
  const keys = [...new Set(rows.map(keyOf))].slice(0, 6);
  return keys
    .map((key) => {
      const shown = rows.filter((row) => keyOf(row) === key);
      const what = key === '' ? '' : ` (${key})`;
      return upDownBars(table, shown, ['new_mrr', 'reactivation_mrr', 'expansion_mrr'], ['contraction_mrr', 'churned_mrr'], `${table.title}${what}: new, reactivation and expansion MRR above the line, contraction and churned MRR below, per period`, key);
    })
    .join('');
}

/**
 * Follower growth: the followers of each platform as lines, their growth rate as lines, and
 * (rated by --posts) the posts' median rate by followers; with gains and losses only, those
 * as bars above and below the line, a chart per platform.
 */
function followerGrowth(table: ResultTable): string | undefined {
  // A figure no period has (the growth rate without a followers count) draws no chart.
  const figure = (name: string) => {
    const i = at(table, name);
    return i >= 0 && table.rows.some((row) => numberOf(row[i]) !== null) ? [{ column: table.columns[i], i }] : [];
  };
  const overall = table.rows.map((row, r) => (row[0] === 'all' ? r : -1)).filter((r) => r >= 0);
  // Each platform has an all row of its own: none is drawn as a period.
  const periods = { ...table, rows: table.rows.filter((_, r) => !overall.includes(r)), overallRow: undefined };
  const lines = [figure('followers'), figure('growth_rate'), figure('median_rate')].filter((shown) => shown.length > 0).map((shown) => periodLines(periods, shown));
  if (at(table, 'followers') < 0 && at(table, 'gained') >= 0 && at(table, 'lost') >= 0) {
    const platform = at(table, 'platform');
    const keyOf = (row: Cell[]) => (platform < 0 ? '' : String(row[platform]));
    for (const key of [...new Set(periods.rows.map(keyOf))].slice(0, 6)) {
      const what = key === '' ? '' : ` (${key})`;
      lines.unshift(upDownBars(table, periods.rows.filter((row) => keyOf(row) === key), ['gained'], ['lost'], `${table.title}${what}: followers gained above the line, lost below, per period`, key));
    }
  }
  const drawn = lines.filter((chart): chart is string => chart !== undefined);
  return drawn.length === 0 ? undefined : drawn.join('');
}

/** The colours of what is lost: amber, then red. */
const DOWN_SERIES = [3, 5];

/** Stacked bars per row: the `up` parts above a zero line, the `down` parts (by their size) below it; a partial period paler. */
function upDownBars(table: ResultTable, rows: Cell[][], upNames: string[], downNames: string[], label: string, heading = ''): string {
  const up = upNames.map((name) => ({ name, i: at(table, name) }));
  const down = downNames.map((name) => ({ name, i: at(table, name) }));
  const size = (row: Cell[], i: number) => Math.abs(numberOf(row[i]) ?? 0);
  const high = Math.max(1, ...rows.map((row) => up.reduce((sum, { i }) => sum + size(row, i), 0)));
  const low = Math.max(1, ...rows.map((row) => down.reduce((sum, { i }) => sum + size(row, i), 0)));
  // A heading (the currency and group a chart is of) takes a line above the bars.
  const top = heading === '' ? 10 : 28;
  const [height, left, bottom] = [220 + top - 10, 40, 24];
  const scale = (height - bottom - top) / (high + low);
  const zero = top + high * scale;
  const step = (WIDTH - left) / Math.max(1, rows.length);
  const parts = [el('line', { x1: left, y1: zero, x2: WIDTH, y2: zero, class: 'axis-line' })];
  if (heading !== '') parts.push(text(left, 14, heading, { class: 'axis strong' }));
  const partialAt = table.partialColumn === undefined ? -1 : at(table, table.partialColumn);
  const bar = (x: number, y: number, value: number, name: string, s: number, rowName: string, partial: string) =>
    el('rect', { x, y, width: step * 0.7, height: Math.abs(value) * scale, class: `s${s}${partial}`, 'data-row': rowName, 'data-part': name, 'data-value': String(value) }, el('title', {}, esc(`${rowName}, ${name}: ${value}${partial ? ' (partial period)' : ''}`)));
  rows.forEach((row, r) => {
    const x = left + r * step + step * 0.15;
    const rowName = rowLabel(table, row);
    // A partial period's bars are paler: its figures are not final.
    const partial = partialAt >= 0 && row[partialAt] === true ? ' partial' : '';
    let y = zero;
    up.forEach(({ name, i }, s) => {
      y -= size(row, i) * scale;
      parts.push(bar(x, y, numberOf(row[i]) ?? 0, name, s, rowName, partial));
    });
    y = zero;
    down.forEach(({ name, i }, s) => {
      parts.push(bar(x, y, numberOf(row[i]) ?? 0, name, DOWN_SERIES[s], rowName, partial));
      y += size(row, i) * scale;
    });
    if (r === 0 || r === rows.length - 1) parts.push(text(x + step * 0.35, height - 6, String(row[0]), { class: 'axis', 'text-anchor': 'middle' }));
  });
  const names = [...upNames, ...downNames];
  parts.push(...names.map((name, s) => text(left + s * Math.min(150, (WIDTH - left) / names.length), height + 12, `● ${name}`, { class: `legend s${s < up.length ? s : DOWN_SERIES[s - up.length]}` })));
  return svg(label, height + 18, ...parts);
}

/** Each segment's (or path's) share of the customers, and of the revenue where the table has it, side by side. */
function rankedBars(table: ResultTable, labelColumn: 'segment' | 'path'): string {
  const [segment, share, revenueShare] = [at(table, labelColumn), at(table, 'share'), at(table, 'revenue_share')];
  const rows = table.rows.filter((_, r) => r !== table.overallRow);
  // A path's label is long: its bar starts further right.
  const [labelWidth, rowHeight] = [labelColumn === 'path' ? 300 : 170, revenueShare >= 0 ? 30 : 20];
  const barWidth = WIDTH - labelWidth - 70;
  const parts = rows.flatMap((row, r) => {
    const y = r * rowHeight + 4;
    const label = String(row[segment]);
    const bars = [
      { name: 'customers', value: numberOf(row[share]) ?? 0, s: 0 },
      ...(revenueShare >= 0 ? [{ name: 'revenue', value: numberOf(row[revenueShare]) ?? 0, s: 1 }] : []),
    ];
    return [
      text(labelWidth - 6, y + rowHeight * 0.5, label, { class: 'axis', 'text-anchor': 'end' }),
      ...bars.map(({ name, value, s }, b) =>
        el('rect', { x: labelWidth, y: y + b * 12, width: Math.max(1, barWidth * value), height: 10, class: `s${s}`, 'data-row': label, 'data-part': name, 'data-value': String(value) }, el('title', {}, esc(`${label}: ${(value * 100).toFixed(1)}% of the ${name}`))),
      ),
    ];
  });
  const legendY = rows.length * rowHeight + 18;
  parts.push(text(labelWidth, legendY, '● share of the customers', { class: 'legend s0' }));
  if (revenueShare >= 0) parts.push(text(labelWidth + 190, legendY, '● share of the revenue', { class: 'legend s1' }));
  return svg(`${table.title}: each ${labelColumn}'s share of the customers${revenueShare >= 0 ? ' and of the revenue' : ''}`, legendY + 6, ...parts);
}

/** Lines per period: one chart of the rates and one of the counts (or of the first figure, without either). */
function periodCharts(table: ResultTable): string | undefined {
  const figures = table.columns.map((column, i) => ({ column, i })).filter(({ column }) => FIGURES.has(column.type));
  const rates = figures.filter(({ column }) => column.type === 'rate');
  const counts = figures.filter(({ column }) => column.type === 'count');
  // Other figures (a trend's sums, means and formula) each on a scale of their own.
  const others = figures.filter(({ column }) => column.type === 'number' || column.type === 'score').slice(0, 4);
  const charts = [rates, counts].filter((shown) => shown.length > 0).map((shown) => periodLines(table, shown));
  if (charts.length === 0 && figures.length > 0) charts.push(periodLines(table, [figures[0]]));
  else if (table.chartEachFigure) charts.push(...others.map((figure) => periodLines(table, [figure])));
  return charts.every((chart) => chart === undefined) ? undefined : charts.filter(Boolean).join('');
}

/**
 * Lines over the periods: each of the figures shown; with groups, one line per group of
 * the first. A partial period's point is hollow and its segment dashed.
 */
function periodLines(table: ResultTable, shown: { column: ResultColumn; i: number }[], across = 'period'): string | undefined {
  const rows = table.rows.map((row, r) => ({ row, r })).filter(({ r }) => r !== table.overallRow);
  if (rows.length < 2) return undefined;
  const groups = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.type === 'text');
  const partial = flagAt(table);
  const periods = [...new Set(rows.map(({ row }) => String(row[0])))];
  // With --compare, a point's label gives its change too (the table has it as a column).
  const changeOf = (figure: string) => table.columns.findIndex((c) => c.name === `${figure}_change` || c.name === `${figure}_yoy`);
  const pointOf = (row: Cell[], i: number, change: number) => ({
    period: String(row[0]),
    value: numberOf(row[i]),
    partial: row[partial] === true,
    change: change >= 0 && numberOf(row[change]) !== null ? ` (${humanCell(row[change], table.columns[change])} ${table.columns[change].name.endsWith('_yoy') ? 'against a year before' : 'against the period before'})` : '',
  });
  const series =
    groups.length === 0
      ? shown.map(({ column, i }) => ({ name: column.name, column, points: rows.map(({ row }) => pointOf(row, i, changeOf(column.name))) }))
      : [...new Set(rows.map(({ row }) => groups.map(({ i }) => String(row[i])).join(' · ')))].map((group) => ({
          name: group,
          column: shown[0].column,
          points: rows
            .filter(({ row }) => groups.map(({ i }) => String(row[i])).join(' · ') === group)
            .map(({ row }) => pointOf(row, shown[0].i, changeOf(shown[0].column.name))),
        }));
  const values = series.flatMap((s) => s.points.map((p) => p.value).filter((v): v is number => v !== null));
  const [low, high] = [Math.min(0, ...values), Math.max(...values, 0) || 1];
  const [height, left, bottom, top] = [250, 56, 40, 22];
  const x = (period: string) => left + ((WIDTH - left - 20) * periods.indexOf(period)) / Math.max(1, periods.length - 1);
  const y = (value: number) => top + ((high - value) / (high - low)) * (height - top - bottom);
  // What the lines are: with groups, one figure by group; else the figures, named in the legend.
  const what = groups.length > 0 ? `${shown[0].column.name} by ${groups.map(({ c }) => c.name).join(' and ')}` : shown.map(({ column }) => column.name).join(', ');
  const parts = [
    text(left, 12, what, { class: 'axis strong' }),
    el('line', { x1: left, y1: y(low), x2: WIDTH - 20, y2: y(low), class: 'axis-line' }),
    text(left - 6, y(high) + 4, humanCell(high, series[0].column), { class: 'axis', 'text-anchor': 'end' }),
    text(left - 6, y(low) + 4, humanCell(low, series[0].column), { class: 'axis', 'text-anchor': 'end' }),
    text(left, height - bottom + 16, periods[0], { class: 'axis' }),
    text(WIDTH - 20, height - bottom + 16, periods[periods.length - 1], { class: 'axis', 'text-anchor': 'end' }),
  ];
  series.slice(0, 8).forEach(({ name, column, points }, s) => {
    const known = points.filter((p) => p.value !== null);
    for (let j = 1; j < known.length; j++) {
      const [a, b] = [known[j - 1], known[j]];
      parts.push(el('line', { x1: x(a.period), y1: y(a.value!), x2: x(b.period), y2: y(b.value!), class: `line s${s}${b.partial ? ' partial' : ''}` }));
    }
    for (const p of known) {
      parts.push(el('circle', { cx: x(p.period), cy: y(p.value!), r: 3.5, class: `point s${s}${p.partial ? ' partial' : ''}`, 'data-series': name, 'data-period': p.period, 'data-value': String(p.value) }, el('title', {}, esc(`${name}, ${p.period}: ${humanCell(p.value!, column)}${p.change}${p.partial ? ' (partial period)' : ''}`))));
    }
    // The legend: four names a line under the chart.
    parts.push(text(left + 8 + (s % 4) * 140, height - 6 + Math.floor(s / 4) * 16, `● ${name}`, { class: `legend s${s}` }));
  });
  const legendLines = Math.ceil(Math.min(series.length, 8) / 4);
  return svg(`${table.title}: ${groups.length > 0 ? `${what}: ` : ''}${series.map((s) => s.name).join(', ')} per ${across}`, height + (legendLines - 1) * 16, ...parts);
}
