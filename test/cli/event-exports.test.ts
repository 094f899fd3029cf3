import { describe, expect, it } from 'vitest';
import { engage } from '../helpers/cli.js';

// Product-analytics exports read as native formats, from their vendors'
// documented shapes (fixtures/exports/, written for this project). Every
// fixture tells one story: u1 signs up, views an item and buys for 30, then
// buys again 36 days 9 h 25 min later for 20; u2 signs up and views; u3 views
// anonymously, signs up and buys for 15 thirteen days later. Worked by hand:
// 2 buyers, 1 of them twice, 3 orders, 65 of revenue; of 3 sign-ups 2 buy.

const FILES: [string, string, string][] = [
  ['fixtures/exports/mixpanel_export.ndjson', 'Mixpanel raw export', 'Sign Up,Purchase'],
  ['fixtures/exports/amplitude_export.zip', 'Amplitude export', 'Sign Up,Purchase'],
  ['fixtures/exports/segment_events.ndjson', 'Segment events export', 'Sign Up,Purchase'],
  ['fixtures/exports/posthog_events.ndjson', 'PostHog events export', 'Sign Up,Purchase'],
  ['fixtures/exports/ga4_events.ndjson', 'GA4 BigQuery export', 'sign_up,purchase'],
  // The same rows as BigQuery writes Parquet: event_params a list of structs, ecommerce a struct, event_timestamp an INT64.
  ['fixtures/exports/ga4_events.parquet', 'GA4 BigQuery export', 'sign_up,purchase'],
];

const rows = (out: string) => out.trim().split('\n').map((line) => line.split(','));

describe.each(FILES)('%s', (path, name, steps) => {
  it(`is recognised as a ${name}`, async () => {
    const columns = await engage(['columns', path, '--format', 'markdown']);
    expect(columns.code).toBe(0);
    expect(columns.stdout).toContain(`${name}`);
  });

  it('gives the repeat figures worked by hand', async () => {
    const result = await engage(['repeat', path, '--csv']);
    expect(result.code).toBe(0);
    const [head, row] = rows(result.stdout);
    const figures = Object.fromEntries(head.map((h, i) => [h, row[i]]));
    expect(figures).toMatchObject({ customers: '2', repeat_customers: '1', repeat_rate: '0.5', orders: '3', revenue: '65' });
    expect(Number(figures.mean_days_between)).toBeCloseTo(36 + (9 * 60 + 25) / 1440, 9);
  });

  it('gives the funnel worked by hand', async () => {
    const result = await engage(['funnel', path, '--steps', steps, '--csv']);
    expect(rows(result.stdout).slice(1).map((row) => row[2])).toEqual(['3', '2']);
  });
});

describe('export quirks', () => {
  it("Amplitude's event_time is UTC: --tz does not move it", async () => {
    // u2 signs up at 2026-01-06 23:30 UTC = 2026-01-07 08:30 in Tokyo; u3 on 2026-01-20. Both are on or after 2026-01-07 in Tokyo.
    const result = await engage(['repeat', 'fixtures/exports/amplitude_export.zip', '--event', 'Sign Up', '--tz', 'Asia/Tokyo', '--since', '2026-01-07', '--csv']);
    expect(rows(result.stdout)[1][0]).toBe('2');
  });

  it('GA4 rows: user_id, else user_pseudo_id (the one anonymous view), and nested event_params as columns', async () => {
    const result = await engage(['churn', 'fixtures/exports/ga4_events.ndjson', '--period', 'month', '--group-by', 'geo.country', '--csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 row with a blank "user_id" took customer_id from "user_pseudo_id"');
    // January: u1, u2, the anonymous device and u3 are active (4); February: u3 and u1.
    const table = rows(result.stdout);
    const head = table[0];
    const january = table.find((row) => row[head.indexOf('period')] === '2026-01' && row[head.indexOf('geo_country')] === 'Japan')!;
    expect(january[head.indexOf('active')]).toBe('4');
    const where = await engage(['repeat', 'fixtures/exports/ga4_events.ndjson', '--event', 'view_item', '--where', 'event_params.page_location=https://shop.example/view_item', '--csv']);
    expect(rows(where.stdout)[1][0]).toBe('3');
  });

  it('Segment: a call with no event name is named by its type', async () => {
    const result = await engage(['repeat', 'fixtures/exports/segment_events.ndjson', '--event', 'page', '--csv']);
    expect(rows(result.stdout)[1][0]).toBe('1');
  });
});
