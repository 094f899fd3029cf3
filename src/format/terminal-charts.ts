import type { Cell, ResultColumn, ResultTable } from '../metrics/types.js';
import { humanCell } from './human.js';

// Pictures under a table on a terminal: a sparkline of each figure over the
// periods of a per-period table, and a bar per step of a funnel. Text only:
// a terminal draws them with block characters; a pipe never gets them.

const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const FIGURE_TYPES = new Set<ResultColumn['type']>(['count', 'rate', 'number', 'score']);

/** One character a value, from the lowest (▁) to the highest (█); a space where there is none. */
export function sparkline(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return ' '.repeat(values.length);
  const [low, high] = [Math.min(...known), Math.max(...known)];
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      if (high === low) return TICKS[3];
      return TICKS[Math.min(TICKS.length - 1, Math.floor(((v - low) / (high - low)) * TICKS.length))];
    })
    .join('');
}

/** A bar of `width` characters for a share from 0 to 1, in eighths of a character. */
export function bar(share: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  const partial = eighths % 8;
  return '█'.repeat(Math.floor(eighths / 8)) + (partial > 0 ? ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][partial] : '');
}

/**
 * The lines to draw under a table: for a per-period table, each figure's sparkline over
 * the periods (first → last), or with groups each group's of the main figure; for a
 * funnel, each step's bar of the customers who started. Undefined without a picture.
 */
export function chartLines(table: ResultTable): string[] | undefined {
  const has = (...names: string[]) => names.every((name) => table.columns.some((c) => c.name === name));
  const byPeriod = table.columns[0]?.type === 'period';
  if (has('weekday', 'hour', 'median_rate', 'posts') && !byPeriod) return weekHourGrid(table);
  if (has('published_at', 'rate', 'score', 'breakout')) return breakoutStrip(table);
  if (has('conversion_from_first') && byPeriod) return conversionSparklines(table);
  if (has('conversion_from_first') && !table.columns.some((c) => c.type === 'text' && c.name !== 'event')) return funnelBars(table);
  if (has('bin_start_hours', 'bin_end_hours', 'customers')) return shareBars(table, (row, at) => `${humanCell(row[at('bin_start_hours')], table.columns[at('bin_start_hours')])}–${humanCell(row[at('bin_end_hours')], table.columns[at('bin_end_hours')])} h`, 'customers');
  if (has('path', 'share', 'customers')) return shareBars(table, (row, at) => String(row[at('path')]), 'share');
  // Active days by group: a bar a row would mix the groups' shares in one list.
  if (has('active_days', 'share')) return table.columns.some((c) => c.type === 'text') ? undefined : shareBars(table, (row, at) => `${byPeriod ? `${row[0]}  ` : ''}${row[at('active_days')]} day${row[at('active_days')] === 1 ? '' : 's'}`, 'share');
  const periodColumn = table.columns.findIndex((c) => c.type === 'period');
  // A per-period table: its periods may be partial (or a rolling window's days incomplete).
  if (periodColumn !== 0 || (table.partialColumn === undefined && table.columns[1]?.type !== 'flag')) return undefined;
  // A table with an all row per group (engage growth's platforms) draws none of them as a period.
  const rows = table.rows.filter((row, r) => r !== table.overallRow && row[periodColumn] !== 'all');
  if (rows.length < 2) return undefined;
  const figures = table.columns.map((column, index) => ({ column, index })).filter(({ column }) => FIGURE_TYPES.has(column.type));
  const groups = table.columns.map((column, index) => ({ column, index })).filter(({ column }) => column.type === 'text');
  // Follower growth is drawn as its followers (else its net change), the figure a growth chart shows.
  const growth = has('days', 'net_change', 'growth_rate') ? figures.find(({ column }) => column.name === (has('followers') ? 'followers' : 'net_change')) : undefined;
  if (groups.length > 0) return groupSparklines(rows, periodColumn, groups, growth ?? figures.find(({ column }) => column.type === 'rate') ?? figures[0]);
  const width = Math.max(...figures.map(({ column }) => column.name.length));
  const first = String(rows[0][periodColumn]);
  const last = String(rows[rows.length - 1][periodColumn]);
  return [
    `${' '.repeat(width)}  ${first} → ${last}`,
    ...figures.map(({ column, index }) => {
      const values = rows.map((row) => numberOf(row[index]));
      const known = values.filter((v): v is number => v !== null);
      const range = known.length > 0 ? `  ${humanCell(Math.min(...known), column)} … ${humanCell(Math.max(...known), column)}` : '';
      return `${column.name.padEnd(width)}  ${sparkline(values)}${range}`;
    }),
  ];
}

/** With groups: the main figure (the first rate, else the first figure) of each group, over every period of the table. */
function groupSparklines(rows: Cell[][], periodColumn: number, groups: { index: number }[], figure: { column: ResultColumn; index: number } | undefined): string[] | undefined {
  if (figure === undefined) return undefined;
  const periods = [...new Set(rows.map((row) => String(row[periodColumn])))];
  const labelOf = (row: Cell[]) => groups.map(({ index }) => String(row[index])).join(' · ');
  const labels = [...new Set(rows.map(labelOf))];
  const width = Math.max(...labels.map((label) => label.length));
  return [
    `${figure.column.name} by group  ${periods[0]} → ${periods[periods.length - 1]}`,
    ...labels.map((label) => {
      const byPeriod = new Map(rows.filter((row) => labelOf(row) === label).map((row) => [String(row[periodColumn]), numberOf(row[figure.index])]));
      return `${label.padEnd(width)}  ${sparkline(periods.map((period) => byPeriod.get(period) ?? null))}`;
    }),
  ];
}

/** A funnel by the period of entry: the last step's conversion from the first over the periods, a line per group. */
function conversionSparklines(table: ResultTable): string[] | undefined {
  const at = (name: string) => table.columns.findIndex((c) => c.name === name);
  const [step, conversion] = [at('step'), at('conversion_from_first')];
  const last = Math.max(...table.rows.map((row) => Number(row[step])));
  const rows = table.rows.filter((row) => Number(row[step]) === last && row[0] !== 'all');
  if (new Set(rows.map((row) => row[0])).size < 2) return undefined;
  const groups = table.columns.map((column, index) => ({ column, index })).filter(({ column, index }) => column.type === 'text' && column.name !== 'event' && index !== step);
  const figure = { column: { name: `conversion_to_${String(rows[0][at('event')])}`, type: 'rate' as const }, index: conversion };
  if (groups.length > 0) return groupSparklines(rows, 0, groups, figure);
  const values = rows.map((row) => numberOf(row[conversion]));
  return [`${figure.column.name}  ${rows[0][0]} → ${rows[rows.length - 1][0]}`, `${sparkline(values)}  ${values.map((v) => (v === null ? '—' : humanCell(v, figure.column))).join(' ')}`];
}

/** A bar a row, as long as its value is of the largest (a share of 1 fills it for shares). */
function shareBars(table: ResultTable, label: (row: Cell[], at: (name: string) => number) => string, figure: 'share' | 'customers'): string[] | undefined {
  const at = (name: string) => table.columns.findIndex((c) => c.name === name);
  const rows = table.rows.filter((row, r) => r !== table.overallRow && row[0] !== 'all');
  if (rows.length === 0) return undefined;
  const values = rows.map((row) => numberOf(row[at(figure)]) ?? 0);
  const high = figure === 'share' ? 1 : Math.max(1, ...values);
  const labels = rows.map((row) => label(row, at));
  const width = Math.min(48, Math.max(...labels.map((l) => l.length)));
  return rows.map((row, r) => `${labels[r].slice(0, width).padEnd(width)}  ${bar(values[r] / high, 30).padEnd(30)}  ${humanCell(values[r], table.columns[at(figure)])}`);
}

function funnelBars(table: ResultTable): string[] {
  const at = (name: string) => table.columns.findIndex((c) => c.name === name);
  const [event, share] = [at('event'), at('conversion_from_first')];
  const width = Math.max(...table.rows.map((row) => String(row[event]).length));
  return table.rows.map((row) => {
    const value = numberOf(row[share]) ?? 0;
    return `${String(row[event]).padEnd(width)}  ${bar(value, 30).padEnd(30)}  ${(value * 100).toFixed(1)}%`;
  });
}

/** The best time to post as a week: a row a weekday, a cell an hour, shaded by its median rate, with its posts (+ for 10 or more). */
function weekHourGrid(table: ResultTable): string[] | undefined {
  const at = (name: string) => table.columns.findIndex((c) => c.name === name);
  const [day, hour, median, posts] = [at('weekday'), at('hour'), at('median_rate'), at('posts')];
  const rows = table.rows.filter((row, r) => r !== table.overallRow && row[day] !== 'all');
  const values = rows.map((row) => numberOf(row[median])).filter((v): v is number => v !== null);
  if (values.length === 0) return undefined;
  const high = Math.max(...values);
  const shades = ['░', '▒', '▓', '█'];
  const days = [...new Set(rows.map((row) => String(row[day])))];
  const cell = (row: Cell[] | undefined) => {
    if (row === undefined) return ' · ';
    const value = numberOf(row[median]);
    const count = Number(row[posts]);
    const shade = value === null || high <= 0 ? ' ' : shades[Math.min(3, Math.floor((value / high) * 4))];
    return `${shade}${count < 10 ? count : '+'} `;
  };
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
  return [
    `median_rate by weekday and hour: ░▒▓█ up to the highest (${humanCell(high, table.columns[median])}), with the cell's posts`,
    `     ${hours.join(' ')}`,
    ...days.map((d) => `${d.padEnd(4)} ${hours.map((h) => cell(rows.find((row) => row[day] === d && row[hour] === h))).join('')}`),
  ];
}

/** At most this many characters a strip of posts: more posts share a character. */
const STRIP_WIDTH = 60;

/**
 * Breakouts over time: the posts' rates in time order as a sparkline (the highest rate of the
 * posts a character stands for), and under it ▲ where one of them broke out.
 */
function breakoutStrip(table: ResultTable): string[] | undefined {
  const at = (name: string) => table.columns.findIndex((c) => c.name === name);
  const [published, rate, breakout] = [at('published_at'), at('rate'), at('breakout')];
  const posts = table.rows
    .map((row) => ({ time: Date.parse(String(row[published] ?? '')), shown: String(row[published] ?? ''), rate: numberOf(row[rate]), breakout: row[breakout] === true }))
    .filter((post) => !Number.isNaN(post.time) && post.rate !== null)
    .sort((a, b) => a.time - b.time);
  if (posts.length < 2) return undefined;
  const width = Math.min(STRIP_WIDTH, posts.length);
  const slots = Array.from({ length: width }, (_, i) => posts.slice(Math.floor((i * posts.length) / width), Math.floor(((i + 1) * posts.length) / width)));
  const count = posts.filter((post) => post.breakout).length;
  return [
    `rate per post, ${posts[0].shown.slice(0, 10)} → ${posts[posts.length - 1].shown.slice(0, 10)}${width < posts.length ? ` (${posts.length} posts in ${width} characters)` : ''}`,
    sparkline(slots.map((slot) => Math.max(...slot.map((post) => post.rate!)))),
    `${slots.map((slot) => (slot.some((post) => post.breakout) ? '▲' : ' ')).join('')}  ▲ ${count} breakout${count === 1 ? '' : 's'}`,
  ];
}

function numberOf(cell: Cell): number | null {
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : null;
}
