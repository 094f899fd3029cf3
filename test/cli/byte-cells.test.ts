import { describe, expect, it } from 'vitest';
import { csvRows, engage } from '../helpers/cli.js';

// The CSV scanner hands some cells to the row plans as bytes (customer ids,
// ISO timestamps, event names, group labels) and others as text (the first
// record, padded or quoted or blank or non-ASCII cells). Either way a cell
// must mean the same: the expected figures below are counted by hand.

const EVENTS = [
  'customer_id,timestamp,event,country',
  'c1,2026-01-05T10:00:00Z,purchase,JP', // the first record: read as text
  'c1,2026-01-06T10:00:00Z,purchase,JP', // the same customer, from bytes
  '" c1 ",2026-02-03T10:00:00Z,Purchase,JP', // padded and quoted: text, trimmed, still c1
  '"c""2",2026-01-07 09:00,purchase,GB', // a doubled quote: c"2
  'ü4,2026-02-10,purchase,GB', // a non-ASCII id and a date alone
  'cu5,2026-02-11T00:00:00+09:00,purchase,JP', // 2026-02-10T15:00Z: February
  'c6,2026-02-12T00:00:00Z,visit,JP', // another event: not counted
].join('\n');

describe('cells taken as bytes mean what their text means', () => {
  it('counts customers, months and events the same on either path', async () => {
    const { code, stdout, stderr } = await engage(['churn', '--period', 'month', '--event', 'purchase', '--csv'], { input: `${EVENTS}\n` });
    expect(code, stderr).toBe(0);
    const rows = csvRows(stdout).map((r) => [r.period, r.active, r.new, r.returning, r.churned]);
    // January: c1 and c"2, both new. February: c1 again, ü4 and cu5 new; c"2 churned. Four customers in all.
    expect(rows).toEqual([
      ['2026-01', '2', '2', '0', ''],
      ['2026-02', '3', '2', '1', '1'],
      ['all', '4', '4', '0', '0'],
    ]);
    // Every event counts without --event: c6's visit too.
    const all = await engage(['churn', '--period', 'month', '--csv'], { input: `${EVENTS}\n` });
    expect(csvRows(all.stdout).map((r) => r.active)).toEqual(['2', '4', '5']);
  });

  it('reads the customer as text where a filter or a group reads that column', async () => {
    // The filter compares trimmed text: " c1 " is c1 and left out too.
    const filtered = await engage(['churn', '--period', 'month', '--event', 'purchase', '--csv', '--where', 'customer_id!=c1'], { input: `${EVENTS}\n` });
    expect(csvRows(filtered.stdout).map((r) => [r.period, r.active, r.churned])).toEqual([
      ['2026-01', '1', ''],
      ['2026-02', '2', '1'],
      ['all', '3', '0'],
    ]);
    const grouped = await engage(['churn', '--period', 'month', '--event', 'purchase', '--csv', '--group-by', 'country'], { input: `${EVENTS}\n` });
    expect(csvRows(grouped.stdout).map((r) => [r.period, r.country, r.active, r.new])).toEqual([
      ['2026-01', 'GB', '1', '1'],
      ['2026-02', 'GB', '1', '1'],
      ['2026-01', 'JP', '1', '1'],
      ['2026-02', 'JP', '2', '1'],
      ['all', 'all', '4', '4'],
    ]);
  });

  it('names the line of a blank id and of a bad time that came as bytes', async () => {
    const blank = await engage(['churn', '--period', 'month'], { input: `${EVENTS}\nNA,2026-02-13T00:00:00Z,purchase,JP\n` });
    expect(blank.code).toBe(65);
    expect(blank.stderr).toContain('1 row with a blank "customer_id"');
    expect(blank.stderr).toContain('stdin:9');
    const bad = await engage(['churn', '--period', 'month'], { input: `${EVENTS}\nc7,2026-02-30T00:00:00Z,purchase,JP\n` });
    expect(bad.code).toBe(65);
    expect(bad.stderr).toContain('"2026-02-30T00:00:00Z" is not a real date and time');
    expect(bad.stderr).toContain('stdin:9');
  });

  it('gives posts with dates and labels as bytes the rates of their text', async () => {
    const posts = ['post_id,published_at,platform,followers,likes', 'p1,2026-01-05T10:00:00Z,x,100,5', 'p2,2026-01-06T10:00:00Z,x,200,30', '"",,x,0,0', 'p3,2026-02-01,"in",50,"5"'].join('\n');
    const { code, stdout, stderr } = await engage(['rate', '--group-by', 'platform', '--period', 'month', '--csv'], { input: `${posts}\n` });
    expect(code, stderr).toBe(0);
    // January x: 35 / 300; February in: 5 / 50. The X row with no id, date or counts is a deleted post.
    expect(csvRows(stdout).map((r) => [r.period, r.platform, r.posts, r.pooled_rate])).toEqual([
      ['2026-01', 'x', '2', String(35 / 300)],
      ['2026-02', 'in', '1', '0.1'],
      ['all', 'all', '3', String(40 / 350)],
    ]);
    expect(stderr).toContain('1 row with no post id, no date and no counts');
  });
});
