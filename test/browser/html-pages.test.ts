import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { engage } from '../helpers/cli.js';

// Each command's page opened in Debian's Chromium (headless): it loads with
// no console error and no request beyond the page itself, its chart carries
// the table's data, and a screenshot is saved under test-output/screenshots
// (git-ignored) for a person to look at.

/** Debian's Chromium, found (or installed) by vitest.config.ts, which leaves this file out without it. */
const CHROMIUM = inject('chromium');
const SHOTS = resolve('test-output/screenshots');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine's network is closed: Chromium's own background connections are turned off.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser.close();
});

/** Writes a command's page, opens it and returns what the browser saw. */
async function open(name: string, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'engage-html-'));
  const file = join(dir, `${name}.html`);
  const run = await engage([...args, '-o', file]);
  expect(run.code, run.stderr).toBe(0);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (request.url() !== `file://${file}`) requests.push(request.url());
  });
  const started = Date.now();
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  const loadMs = Date.now() - started;
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  return { page, errors, requests, loadMs, bytes: statSync(file).size };
}

describe('pages in a real browser', () => {
  it.each([
    ['rate', ['rate', 'fixtures/posts.csv', '--period', 'month', '--group-by', 'platform']],
    ['rate-compare', ['rate', 'fixtures/posts.csv', '--period', 'week', '--compare', 'previous']],
    ['funnel', ['funnel', 'fixtures/funnel.csv', '--steps', 'view,cart,purchase', '--window', '7d']],
    ['nps', ['nps', 'fixtures/answers.csv', '--group-by', 'store']],
    ['lifecycle', ['lifecycle', 'fixtures/orders.csv']],
    ['rfm', ['rfm', 'fixtures/cdnow_sample.csv', '--observation-end', '1997-12-31']],
    ['stickiness', ['stickiness', 'fixtures/orders.csv']],
    ['clv-params', ['clv', 'fixtures/cdnow_sample.csv', '--observation-end', '1997-09-30', '--params']],
  ])('%s loads with no console error and no request, a table and its chart', async (name, args) => {
    const { page, errors, requests } = await open(name, args);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('table').count()).toBe(1);
    if (name !== 'clv-params') expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('the retention heatmap has one cell per retention cell, in order, with the value in its label', async () => {
    const { page, errors } = await open('retention', ['retention', 'fixtures/orders.csv']);
    expect(errors).toEqual([]);
    const table = await page.$$eval('table tbody tr', (rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')));
    const cells = await page.$$eval('svg rect.cell', (rects) => rects.map((rect) => [rect.getAttribute('data-row'), Number(rect.getAttribute('data-offset')), rect.querySelector('title')?.textContent]));
    // From the page's own table: every shown offset cell, row by row (columns 2… are the offsets, the last the partial offset).
    const expected = table.flatMap((row) => row.slice(2, -1).flatMap((cell, k) => (cell === '—' ? [] : [[row[0].replace('*', ''), k, cell.replace('*', '')]])));
    expect(cells.map(([row, k, title]) => [row, k, (title ?? '').replace(/.*: /, '').replace(' (partial)', '')])).toEqual(expected);
    await page.close();
  });

  it('the report page of examples/engage.config.json: every report with its chart; its screenshot is the README’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-report-'));
    const run = await engage(['report', 'examples/engage.config.json', '--html', join(dir, 'report.html'), '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`file://${join(dir, 'report.html')}`);
    expect(errors).toEqual([]);
    expect(await page.locator('section').count()).toBe(6);
    await page.screenshot({ path: join(SHOTS, 'report.png'), clip: { x: 0, y: 0, width: 1100, height: 1400 } });
    // Dark mode and print have their own colours: a person compares these screenshots.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SHOTS, 'report-dark.png'), clip: { x: 0, y: 0, width: 1100, height: 1400 } });
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    await page.screenshot({ path: join(SHOTS, 'report-print.png'), clip: { x: 0, y: 0, width: 1100, height: 1400 } });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stays usable with a 50-cohort triangle and a 1,000-post listing (size and load time printed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-large-'));
    // 50 monthly cohorts of 20 customers, each back in some later months.
    const events = ['customer_id,timestamp'];
    for (let cohort = 0; cohort < 50; cohort++) {
      for (let c = 0; c < 20; c++) {
        for (let m = cohort; m < 50; m += 1 + ((c + m) % 4)) events.push(`c${cohort}-${c},${2020 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-1${c % 10}`);
      }
    }
    writeFileSync(join(dir, 'events.csv'), `${events.join('\n')}\n`);
    const posts = ['post_id,published_at,platform,followers,likes,comments'];
    for (let p = 0; p < 1000; p++) posts.push(`p${p},2026-01-${String((p % 28) + 1).padStart(2, '0')},${['x', 'instagram', 'tiktok'][p % 3]},${1000 + p},${p % 97},${p % 13}`);
    writeFileSync(join(dir, 'posts.csv'), `${posts.join('\n')}\n`);
    const triangle = await open('retention-50-cohorts', ['retention', join(dir, 'events.csv')]);
    const listing = await open('rate-1000-posts', ['rate', join(dir, 'posts.csv'), '--per-post']);
    for (const [name, seen] of [['50-cohort triangle', triangle], ['1,000-post listing', listing]] as const) {
      console.log(`${name}: ${(seen.bytes / 1024).toFixed(0)} KB, loaded in ${seen.loadMs} ms`);
      expect(seen.errors).toEqual([]);
      expect(seen.bytes).toBeLessThan(2_000_000);
      expect(seen.loadMs).toBeLessThan(10_000);
    }
    // 50 cohorts with 50, 49 … 1 offsets; the all row's 49 (its last offset, in the partial last month, has no complete cell).
    expect(await triangle.page.locator('svg rect.cell').count()).toBe((50 * 51) / 2 + 49);
    expect(await listing.page.locator('tbody tr').count()).toBe(1000);
    await triangle.page.close();
    await listing.page.close();
  }, 60_000);
});

