import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/format/html/page.js';
import { formatOfPath } from '../../src/format/format-of-path.js';
import { runEvents } from '../helpers/events.js';
import { compute } from '../helpers/compute.js';

// --format html: a self-contained page, its charts carrying the data.

describe('--format html', () => {
  it('is the same bytes for the same input, and asks for nothing outside the page', async () => {
    const text = readFileSync('fixtures/orders.csv', 'utf8');
    const [a, b] = [renderHtml((await runEvents('retention', text)).doc), renderHtml((await runEvents('retention', text)).doc)];
    expect(a).toBe(b);
    // No script, no link, no image, no font, no import: the only URL is SVG's namespace name.
    expect(a).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|href=/i);
    expect(a.match(/https?:\/\/[^"]+/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(formatOfPath('report.html')).toBe('html');
  });

  it('escapes every text from the data: a post called <script> stays text', async () => {
    const posts = 'post_id,published_at,platform,followers,likes\n"<script>alert(1)</script>",2026-01-05,x & y,100,5\n';
    const { doc } = await compute('rate', posts, { perPost: true });
    const page = renderHtml(doc);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('x &amp; y');
  });

  it('draws one heatmap cell per retention cell, in order, each with its value', async () => {
    const { doc } = await runEvents('retention', readFileSync('fixtures/orders.csv', 'utf8'));
    const page = renderHtml(doc);
    const cells = [...page.matchAll(/<rect [^>]*data-row="([^"]*)" data-offset="(\d+)" data-value="([^"]*)"><title>([^<]*)<\/title>/g)].map((m) => [m[1], Number(m[2]), Number(m[3]), m[4]]);
    const offsets = doc.table.columns.flatMap((c, i) => (c.name.startsWith('offset_') ? [i] : []));
    const expected = doc.table.rows.flatMap((row) => offsets.flatMap((i, k) => (typeof row[i] === 'number' ? [[String(row[0]), k, row[i] as number]] : [])));
    expect(cells.map(([row, k, value]) => [row, k, value])).toEqual(expected);
    // The January cohort at offset 1: 3 of 8 customers.
    expect(cells.find(([row, k]) => row === '2026-01' && k === 1)?.[3]).toBe('2026-01, offset 1: 37.50%');
  });

  it('marks partial periods in the table and the chart', async () => {
    const { doc } = await runEvents('churn', readFileSync('fixtures/orders.csv', 'utf8'));
    const page = renderHtml(doc);
    expect(page).toContain('<tr class="partial"><th scope="row">2026-04*</th>');
    expect(page).toMatch(/<circle [^>]*class="point s0 partial" data-series="churn_rate" data-period="2026-04"/);
  });

  it('gives a point its --compare change in its label', async () => {
    const { doc } = await runEvents('churn', readFileSync('fixtures/orders.csv', 'utf8'), { compare: 'previous' });
    // Churn rate 62.50% in February, 76.92% in March: +14.42 points.
    expect(renderHtml(doc)).toContain('<title>churn_rate, 2026-03: 76.92% (+14.42 pp against the period before)</title>');
  });

  it('draws the rates and the counts of a per-period table as two charts', async () => {
    const page = renderHtml((await runEvents('churn', readFileSync('fixtures/orders.csv', 'utf8'))).doc);
    expect(page.match(/<svg /g)).toHaveLength(2);
    // February's active customers: 13 (the table's own figure).
    expect(page).toMatch(/<circle [^>]*data-series="active" data-period="2026-02" data-value="13">/);
  });

  it('shows a funnel step’s drop from the step before beside its bar', async () => {
    const { doc } = await runEvents('funnel', readFileSync('fixtures/funnel.csv', 'utf8'), { steps: ['view', 'cart', 'purchase'], window: '7d' });
    // 4 view, 3 add to the cart (−25%), 2 buy: 50% of those who started, −33.3% from the cart.
    const page = renderHtml(doc);
    expect(page).toContain('>75.0%  −25.0%</text>');
    expect(page).toContain('>50.0%  −33.3%</text>');
  });

  it('draws a trend’s counts on one chart, and each sum, mean and formula on a chart of its own', async () => {
    const { doc } = await runEvents('trend', readFileSync('fixtures/orders.csv', 'utf8'), { series: ['orders=purchase', 'revenue=purchase:sum:amount'], formula: 'revenue / orders' });
    const page = renderHtml(doc);
    expect(page.match(/<svg /g)).toHaveLength(3);
    // February's revenue: 71,720 (as an independent reading sums it).
    expect(page).toMatch(/<circle [^>]*data-series="revenue" data-period="2026-02" data-value="71720">/);
  });

  it('draws a funnel by entry period as the last step’s conversion over the periods', async () => {
    const { doc } = await runEvents('funnel', readFileSync('fixtures/funnel.csv', 'utf8'), { steps: ['view', 'cart', 'purchase'], period: 'week' });
    const page = renderHtml(doc);
    // Week 1: u1 and u2 of the three who viewed buy; the all rows are no period.
    expect(page).toMatch(new RegExp(`<circle [^>]*data-series="conversion_to_purchase" data-period="2026-W01" data-value="${2 / 3}">`));
    expect(page).not.toContain('data-period="all"');
  });

  it('draws the time to convert as a bar a bin, paths and active days as bars and lines', async () => {
    const funnel = readFileSync('fixtures/funnel.csv', 'utf8');
    const bins = (await runEvents('funnel', funnel, { steps: ['view', 'purchase'], timeToConvert: true })).doc;
    const bars = [...renderHtml(bins).matchAll(/<rect [^>]*data-value="(\d+)"/g)].map((m) => Number(m[1]));
    // Every customer who converted is in one bin: u1, u2, u3 and u5.
    expect(bars.reduce((a, b) => a + b, 0)).toBe(4);
    const paths = renderHtml((await runEvents('paths', funnel, { after: 'view', depth: 1 })).doc);
    expect(paths).toMatch(/<rect [^>]*data-row="view → cart" data-part="customers" data-value="0.75">/);
    const days = renderHtml((await runEvents('stickiness', readFileSync('fixtures/orders.csv', 'utf8'), { distribution: true })).doc);
    // January: 6 of 8 customers active on 2 days.
    expect(days).toMatch(/<circle [^>]*data-series="2026-01" data-period="2" data-value="0.75">/);
  });

  it('draws retention brackets as heatmap columns named by their offsets', async () => {
    const { doc } = await runEvents('retention', readFileSync('fixtures/orders.csv', 'utf8'), { brackets: [1, 3] });
    expect(renderHtml(doc)).toMatch(/data-offset="2–3"/);
  });

  it('draws each variant’s effect on its interval against zero; an open end runs to the edge', async () => {
    const sums = 'variant,users,sum,sum_squares\ncontrol,3000,1396.87,52377.9767\nb,3461,2422.7,134698.29\n';
    const page = renderHtml((await compute('experiment', sums, { summary: true, sided: 'greater' })).doc);
    // GrowthBook's one-sided case: 0.50336 from −0.04514 up.
    const point = /<circle [^>]*data-row="b" data-value="([^"]+)" data-low="([^"]+)" data-high="([^"]+)">/.exec(page)!;
    expect([Number(point[1]).toFixed(5), Number(point[2]).toFixed(5), point[3]]).toEqual(['0.50336', '-0.04514', 'Infinity']);
    expect(page).toContain('0 (no effect)');
  });

  it('draws MRR movements as bars, gains above the line and losses below, a chart per currency', async () => {
    const page = renderHtml((await runEvents('mrr', readFileSync('fixtures/billing.csv', 'utf8'))).doc);
    const bars = [...page.matchAll(/<rect [^>]*data-row="([^"]*)" data-part="([^"]*)" data-value="([^"]*)">/g)].map((m) => [m[1], m[2], Number(m[3])]);
    // USD, April: Acme's Gold ended (166.67 churned); March: Globex up then down (50 expansion) and Acme's Silver gone (60 contraction).
    expect(bars.find(([row, part]) => row === '2026-04 · USD' && part === 'churned_mrr')?.[2]).toBeCloseTo(2000 / 12, 9);
    expect(bars.filter(([row]) => row === '2026-03 · USD').map(([, part, value]) => [part, value])).toEqual([
      ['new_mrr', 0], ['reactivation_mrr', 0], ['expansion_mrr', 50], ['contraction_mrr', 60], ['churned_mrr', 0],
    ]);
    const churned = /<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="[^"]+" class="s5" data-row="2026-04 · USD"/.exec(page)!;
    const expansion = /<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" class="s2" data-row="2026-03 · USD"/.exec(page)!;
    // A loss starts at the zero line, where a gain ends.
    expect(Number(churned[1])).toBeCloseTo(Number(expansion[1]) + Number(expansion[2]), 1);
    expect(page).toContain('MRR movements (EUR): new, reactivation and expansion MRR above the line');
  });

  it('shades net revenue retention above 100 % on its own scale', async () => {
    const page = renderHtml((await runEvents('retention', readFileSync('fixtures/billing.csv', 'utf8'), { mrr: true })).doc);
    const opacity = (row: string, k: number) => Number(new RegExp(`fill-opacity="([^"]+)" data-row="${row}" data-offset="${k}"`).exec(page)![1]);
    // EUR's cohort doubles at offset 2: the darkest cell; offset 0 (100 %) halfway.
    expect(opacity('EUR · 2026-02', 2)).toBe(1);
    expect(opacity('EUR · 2026-02', 0)).toBeCloseTo(0.08 + 0.92 * 0.5, 9);
  });

  it('draws follower growth as lines a platform: followers, growth rate and the posts’ median rate; gains and losses as bars without a count', async () => {
    const { doc } = await compute('growth', readFileSync('fixtures/exports/account_daily.csv'), { posts: 'fixtures/exports/account_posts.csv', until: '2026-04-01' });
    const page = renderHtml(doc);
    const points = [...page.matchAll(/data-series="([^"]*)" data-period="([^"]*)" data-value="([^"]*)"/g)].map((m) => [m[1], m[2], Number(m[3])]);
    // The followers chart first: instagram 1,010, 1,150, 1,149; tiktok 500, 620, 640 (no all row drawn).
    expect(points.slice(0, 6)).toEqual([['instagram', '2026-01', 1010], ['instagram', '2026-02', 1150], ['instagram', '2026-03', 1149], ['tiktok', '2026-01', 500], ['tiktok', '2026-02', 620], ['tiktok', '2026-03', 640]]);
    expect(page).toContain('aria-label="Follower growth: growth_rate by platform: instagram, tiktok per period"');
    expect(page).toContain('aria-label="Follower growth: median_rate by platform: instagram, tiktok per period"');
    const flows = renderHtml((await compute('growth', 'date,followers_gained,followers_lost\n2026-01-10,10,3\n2026-02-10,5,9\n', { until: '2026-03-01' })).doc);
    const bars = [...flows.matchAll(/data-row="([^"]*)" data-part="([^"]*)" data-value="([^"]*)"/g)].map((m) => [m[1], m[2], Number(m[3])]);
    expect(bars).toEqual([['2026-01', 'gained', 10], ['2026-01', 'lost', 3], ['2026-02', 'gained', 5], ['2026-02', 'lost', 9]]);
    // No followers count: no growth rate, so no chart of it.
    expect(flows).not.toContain('growth_rate by');
  });

  it('draws drivers as bars of their odds ratio from 1 on a log scale, each with its interval', async () => {
    const lines = ['customer_id,timestamp,event'];
    for (let p = 0; p < 20; p++) {
      lines.push(`u${p},2026-01-01T10:00:00Z,signup`);
      if (p < 5) lines.push(`u${p},2026-01-01T11:00:00Z,invite`);
      if (p >= 10 && p < 15) lines.push(`u${p},2026-01-01T11:00:00Z,skip`);
      if (p < 10) lines.push(`u${p},2026-01-01T12:00:00Z,paid`);
    }
    const page = renderHtml((await compute('drivers', lines.join('\n'), { outcome: 'converted:paid', maxCount: 1 })).doc);
    const bars = [...page.matchAll(/data-row="([^"]*)" data-value="([^"]*)" data-low="([^"]*)" data-high="([^"]*)"/g)].map((m) => [m[1], Number(m[2])]);
    // invite: 11 (its magic number); skip: 1/11, no magic number; signup (everyone) has no odds ratio, so no bar.
    expect(bars).toEqual([['invite ≥ 1 (magic)', expect.closeTo(11, 12)], ['skip ≥ 1', expect.closeTo(1 / 11, 12)]]);
    // The bar of 1/11 runs left of the line of no association, as far as 11's runs right of it.
    const rect = (row: string) => new RegExp(`<rect x="([^"]+)" y="[^"]+" width="([^"]+)" height="[^"]+" class="[^"]+" data-row="${row.replace(/[()]/g, '\\$&')}"`).exec(page)!;
    const [skip, invite] = [rect('skip ≥ 1'), rect('invite ≥ 1 (magic)')];
    expect(Number(skip[2])).toBeCloseTo(Number(invite[2]), 6);
    expect(Number(skip[1]) + Number(skip[2])).toBeCloseTo(Number(invite[1]), 6);
  });
});
