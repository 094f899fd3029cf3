import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/format/table.js';
import { bar, chartLines, sparkline } from '../../src/format/terminal-charts.js';
import { runEvents } from '../helpers/events.js';
import { compute } from '../helpers/compute.js';

// Pictures under a terminal table, worked by hand.

describe('sparkline and bar', () => {
  it('maps the lowest value to ▁ and the highest to █, a missing one to a space', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, null, 10])).toBe('▁ █');
    expect(sparkline([5, 5])).toBe('▄▄');
    expect(sparkline([null])).toBe(' ');
  });

  it('draws a share in eighths of a character', () => {
    expect(bar(1, 4)).toBe('████');
    expect(bar(0.75, 4)).toBe('███');
    expect(bar(0.5, 3)).toBe('█▌');
    expect(bar(0, 4)).toBe('');
  });
});

describe('pictures under a table', () => {
  it('a per-period table gets a sparkline of each figure over its periods, not of the overall row', async () => {
    const { doc } = await runEvents('churn', readFileSync('fixtures/orders.csv', 'utf8'));
    const lines = chartLines(doc.table)!;
    expect(lines[0].trim()).toBe('2026-01 → 2026-04');
    // Active per month: 8, 13, 4, 3. From 3 (▁) to 13 (█): 8 is ⌊(8 − 3)/(13 − 3) × 8⌋ = 4 → ▅, 4 is ⌊0.8⌋ = 0 → ▁.
    expect(lines.find((l) => l.startsWith('active '))).toMatch(/^active\s+▅█▁▁  3 … 13$/);
  });

  it('with groups, a sparkline per group of the main figure (the first rate)', async () => {
    // c1 and c2 of JP buy in January and February, c3 of JP only in January; US: c4 in January, c5 in March.
    const log = 'customer_id,date,country\nc1,2026-01-05,JP\nc2,2026-01-06,JP\nc3,2026-01-07,JP\nc1,2026-02-05,JP\nc2,2026-02-06,JP\nc4,2026-01-05,US\nc5,2026-03-05,US\n';
    const { doc } = await runEvents('churn', log, { groupBy: ['country'], until: '2026-04-01' });
    // JP (January and February only): no rate in its first month, 1/3 in February, no March row.
    // US: no rate in January, 1/1 in February, none of 0 in March. One value a line: the middle tick.
    expect(chartLines(doc.table)).toEqual(['churn_rate by group  2026-01 → 2026-03', 'JP   ▄ ', 'US   ▄ ']);
    // c6 of JP buys in February and March: February churns c3 (1/3), March c1 and c2 (2/3): the lower ▁, the higher █.
    const more = await runEvents('churn', `${log}c6,2026-02-07,JP\nc6,2026-03-01,JP\n`, { groupBy: ['country'], until: '2026-04-01' });
    expect(chartLines(more.doc.table)![1]).toBe('JP   ▁█');
  });

  it('follower growth: the followers of each platform over the periods, no platform\'s all row among them', async () => {
    const { doc } = await compute('growth', readFileSync('fixtures/exports/account_daily.csv'), { until: '2026-04-01' });
    // instagram 1,010, 1,150, 1,149: the lowest ▁, the two others near the top; tiktok 500, 620, 640.
    expect(chartLines(doc.table)).toEqual(['followers by group  2026-01 → 2026-03', 'instagram  ▁██', 'tiktok     ▁▇█']);
    const flows = await compute('growth', 'date,followers_gained,followers_lost\n2026-01-10,10,3\n2026-02-10,5,9\n', { until: '2026-03-01' });
    // One account: a sparkline of each figure; net change 7 then −4.
    expect(chartLines(flows.doc.table)).toContain('net_change   █▁  -4 … 7');
  });

  it('breakouts: the rates of the posts in time order, ▲ under a breakout', async () => {
    // Posts a day apart, listed out of order; 14 January's (rate 0.5) breaks out of the eleven before it (0.10 to 0.12, each under an eighth of the range).
    const days = Array.from({ length: 12 }, (_, i) => i);
    const lines = days.map((i) => `p${i},2026-01-${String(i + 3).padStart(2, '0')}T10:00:00Z,${i === 11 ? 50 : 10 + (i % 3)},100`).reverse();
    const { doc } = await compute('rate', ['post_id,published_at,likes,followers', ...lines].join('\n'), { perPost: true, breakouts: true });
    expect(chartLines(doc.table)).toEqual(['rate per post, 2026-01-03 → 2026-01-14', '▁▁▁▁▁▁▁▁▁▁▁█', '           ▲  ▲ 1 breakout']);
  });

  it('a funnel gets a bar per step; a grouped table gets none', async () => {
    const funnel = readFileSync('fixtures/funnel.csv', 'utf8');
    const { doc } = await runEvents('funnel', funnel, { steps: ['view', 'cart', 'purchase'], window: '7d' });
    expect(chartLines(doc.table)).toEqual([`view      ${'█'.repeat(30)}  100.0%`, `cart      ${'█'.repeat(22)}▌${' '.repeat(7)}  75.0%`, `purchase  ${'█'.repeat(15)}${' '.repeat(15)}  50.0%`]);
    const grouped = await runEvents('funnel', funnel, { steps: ['view', 'cart'], window: '7d', groupBy: ['channel'] });
    expect(chartLines(grouped.doc.table)).toBeUndefined();
  });

  it('a funnel by entry period: the last step’s conversion over the periods', async () => {
    const { doc } = await runEvents('funnel', readFileSync('fixtures/funnel.csv', 'utf8'), { steps: ['view', 'cart', 'purchase'], period: 'week' });
    // Week 1: u1 and u2 of u1–u3 buy (u3's cart comes before its view): 2/3; week 2: u5, the one who entered, buys.
    expect(chartLines(doc.table)).toEqual(['conversion_to_purchase  2026-W01 → 2026-W02', '▁█  66.67% 100.00%']);
  });

  it('time to convert, paths and active days: a bar a row', async () => {
    const funnel = readFileSync('fixtures/funnel.csv', 'utf8');
    const bins = (await runEvents('funnel', funnel, { steps: ['view', 'purchase'], timeToConvert: true, bins: 2 })).doc.table;
    const histogram = chartLines(bins)!;
    expect(histogram).toHaveLength(bins.rows.length);
    expect(histogram.every((line) => / h {2}/.test(line))).toBe(true);
    const paths = chartLines((await runEvents('paths', funnel, { after: 'view', depth: 1 })).doc.table)!;
    // After view: cart for u1, u2 and u5 (3 of 4: 22.5 of 30 characters), purchase for u3.
    expect(paths[0]).toMatch(/^view → cart\s+█{22}▌\s+75\.00%$/);
    expect(paths[1]).toMatch(/^view → purchase\s+█{7}▌\s+25\.00%$/);
    const days = chartLines((await runEvents('stickiness', readFileSync('fixtures/orders.csv', 'utf8'), { distribution: true })).doc.table)!;
    // January: 1 of 8 customers on 1 day, 6 on 2, 1 on 3.
    expect(days.slice(0, 3)).toEqual([`2026-01  1 day   ███▊${' '.repeat(26)}  12.50%`, `2026-01  2 days  ${'█'.repeat(22)}▌${' '.repeat(7)}  75.00%`, `2026-01  3 days  ███▊${' '.repeat(26)}  12.50%`]);
  });

  it('a trend gets a sparkline of each series over the periods', async () => {
    const { doc } = await runEvents('trend', readFileSync('fixtures/orders.csv', 'utf8'), { series: ['orders=purchase', 'revenue=purchase:sum:amount'] });
    // Orders 15, 27, 7, 4 and revenue 37,140, 71,720, 18,380, 14,180 (as an independent reading counts them).
    expect(chartLines(doc.table)!.slice(1)).toEqual(['orders   ▄█▂▁  4 … 27', 'revenue  ▄█▁▁  14,180 … 71,720']);
  });

  it('only in colour: without colour (a pipe, --no-color, NO_COLOR) the table is drawn alone', async () => {
    const { doc } = await runEvents('churn', readFileSync('fixtures/orders.csv', 'utf8'));
    expect(renderTable(doc, { color: true })).toContain('▅█▁▁');
    expect(renderTable(doc, { color: false })).not.toContain('▁');
  });
});
