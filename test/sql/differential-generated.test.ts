import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { sqlStatement } from '../../src/engines/sql/sql-form.js';
import { SqlContext } from '../../src/sql/sql-context.js';
import { describerOf } from '../../src/orchestrator/describer.js';
import { parseOptions } from '../../src/metrics/options.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { sumsColumnNames } from '../../src/metrics/experiment/sql.js';
import type { Cell } from '../../src/metrics/types.js';
import { computeDocument } from '../../src/orchestrator/compute-document.js';
import { expectSameTable, maxOffsetFor, streamed, tableOf, widened, type Rows } from '../helpers/sql-engines.js';
import { expectSqlFormAgrees, finished, RETAIL_CASES, TEST_RUNNER, threeEngines } from '../helpers/differential.js';

// The SQL forms on generated inputs and on the real Online Retail log (the
// fixtures' cases are in differential.test.ts; the two files run side by
// side): event logs, subscription logs and experiments made by fast-check,
// each read by the streaming engine and by every SQL engine, the tables equal
// row for row, figures to 1e-9 relative.

const open = threeEngines();
const engines = open.engines;

describe('SQL forms give the streaming engine’s tables of the real Online Retail log', () => {
  it.each(RETAIL_CASES)('$metric $options', async (c) => {
    await expectSqlFormAgrees(c, engines());
  }, 180_000);
});

describe('experiment on generated users and logs', () => {
  const user = fc.record({
    variant: fc.constantFrom('control', 'a', 'b', ''),
    value: fc.constantFrom('0', '1', '2.5', '', '10'),
    orders: fc.constantFrom('1', '2', '0'),
    pre: fc.constantFrom('', '0', '3', '1'),
    segment: fc.constantFrom('x', 'y'),
  });
  const run = fc.record({
    users: fc.array(user, { minLength: 6, maxLength: 60 }),
    binary: fc.boolean(),
    ratio: fc.boolean(),
    covariate: fc.boolean(),
    grouped: fc.boolean(),
    stats: fc.constantFrom('frequentist', 'bayesian'),
    difference: fc.constantFrom('relative', 'absolute'),
    sequential: fc.boolean(),
  });

  it('give the streaming engine’s statistics from sums computed on every engine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-experiment-'));
    const spec = metricNamed('experiment')!;
    await fc.assert(
      fc.asyncProperty(run, async (r) => {
        const lines = r.users.map((u, i) => `u${i},${u.variant},${r.binary && u.value !== '' ? (Number(u.value) > 0 ? 1 : 0) : u.value},${u.orders},${u.pre},${u.segment}`);
        const file = join(dir, 'users.csv');
        writeFileSync(file, `user_id,variant,metric,orders,pre,segment\n${lines.join('\n')}\n`);
        const options: Record<string, unknown> = {
          metric: r.ratio ? 'metric/orders' : 'metric',
          stats: r.stats,
          difference: r.difference,
          groupBy: r.grouped ? ['segment'] : [],
          ...(r.covariate && !r.ratio ? { covariate: 'pre' } : {}),
          ...(r.sequential && r.stats === 'frequentist' ? { sequential: true } : {}),
        };
        let expected: Cell[][];
        try {
          expected = await streamed({ metric: 'experiment', file, options });
        } catch {
          return; // one variant, or no control: refused alike by every engine's statistics
        }
        for (const engine of ['duckdb', 'clickhouse'] as const) {
          const doc = await computeDocument(spec, { ...options, engine }, [file], { stdin: Readable.from([]) });
          expectSameTable(doc.table.rows as Rows, expected, `--engine ${engine} ${JSON.stringify(options)}`);
        }
        const parsed = parseOptions(spec.options, options) as Record<string, unknown> & { tz: string };
        const table = tableOf(file, 'users', 'users', 'UTC');
        await open.postgres.load(table);
        const sql = sqlStatement(spec, parsed, new SqlContext('experiment', 'users', { dialect: 'postgres', columns: table.columns.map((column) => column.name) }), TEST_RUNNER);
        const skeleton = describerOf(spec, parsed).skeleton(file, table.header).table;
        expectSameTable(spec.tableFromSql!(skeleton, sumsColumnNames(parsed as never), await open.postgres.rows(sql), parsed as never).table.rows as Rows, expected, `postgres ${JSON.stringify(options)}`);
      }),
      { numRuns: Number(process.env.SQL_PROPERTY_RUNS ?? 40) },
    );
  }, 600_000);
});

describe('mrr on generated subscription logs', () => {
  const event = fc.record({
    customer: fc.integer({ min: 0, max: 6 }),
    at: fc.integer({ min: Date.UTC(2025, 9, 1), max: Date.UTC(2026, 4, 1) }),
    name: fc.constantFrom('start', 'Subscribe', 'cancel', 'ended', 'upgrade', 'downgrade', 'visit', 'trial_start', 'trial_end'),
    sub: fc.constantFrom('a', 'b', ''),
    amount: fc.constantFrom('', '10', '25.5', '120', '0'),
    interval: fc.constantFrom('month', 'year', '', 'week'),
    quantity: fc.constantFrom('', '1', '3'),
    currency: fc.constantFrom('USD', 'eur'),
    plan: fc.constantFrom('basic', 'pro'),
  });
  const run = fc.record({
    events: fc.array(event, { minLength: 1, maxLength: 50 }),
    period: fc.constantFrom('week', 'month', 'quarter'),
    tz: fc.constantFrom('UTC', 'Asia/Tokyo', 'America/New_York'),
    grouped: fc.boolean(),
    currencies: fc.boolean(),
    ltvWindow: fc.constantFrom(1, 3, 6),
    trialWindow: fc.constantFrom('30d', '1d', '2w'),
    compare: fc.constantFrom(undefined, 'previous', 'yoy'),
    until: fc.constantFrom(undefined, '2026-05-20'),
  });

  it('give the streaming engine’s movements, roll-forward, ratios and LTV on every engine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-mrr-'));
    const spec = metricNamed('mrr')!;
    await fc.assert(
      fc.asyncProperty(run, async (r) => {
        // Times apart by at least a second: among equal times only a file has an order, a table none.
        const lines = r.events.map((e, i) => `s${e.customer},${e.sub},${new Date(e.at - (e.at % 60_000) + 1000 * i).toISOString()},${e.name},${e.amount},${e.quantity},${e.interval},${r.currencies ? e.currency : ''},${e.plan}`);
        const file = join(dir, 'billing.csv');
        writeFileSync(file, `customer_id,subscription_id,timestamp,event,amount,quantity,interval,${r.currencies ? 'currency' : 'note'},plan\n${lines.join('\n')}\n`);
        const options = { period: r.period, tz: r.tz, groupBy: r.grouped ? ['plan'] : [], ltvWindow: r.ltvWindow, trialWindow: r.trialWindow, ...(r.until ? { until: r.until } : {}), ...(r.compare ? { compare: r.compare } : {}) };
        let expected: Cell[][];
        try {
          expected = await streamed({ metric: 'mrr', file, options });
        } catch {
          return; // no subscription event
        }
        const parsed = parseOptions(spec.options, options) as Record<string, unknown> & { tz: string };
        const table = tableOf(file, 'subscriptions', 'subscriptions', r.tz);
        for (const [engine, dialect] of engines()) {
          await engine.load(table);
          const compare = describerOf(spec, parsed).compare(file, table.header);
          const sql = sqlStatement(spec, parsed, new SqlContext('mrr', 'subscriptions', { dialect, columns: table.columns.map((column) => column.name), compare }), TEST_RUNNER);
          expectSameTable(finished(await engine.rows(sql), spec, parsed, file, table.header), expected, `${dialect} ${JSON.stringify(options)}`);
        }
        // The revenue cohorts of the same log: NRR, or GRR.
        const cohorts = { metric: 'retention', file, options: { period: r.period, tz: r.tz, groupBy: options.groupBy, mrr: true, gross: r.ltvWindow === 3, counts: r.ltvWindow === 6, ...(r.until ? { until: r.until } : {}) } };
        const shown = await streamed(cohorts);
        const retention = metricNamed('retention')!;
        const cohortOptions = parseOptions(retention.options, cohorts.options) as Record<string, unknown> & { tz: string };
        // ClickHouse takes a second or two to plan each statement: it checks the cohorts of every third log.
        for (const [engine, dialect] of engines().filter(([, dialect]) => dialect !== 'clickhouse' || r.ltvWindow === 1)) {
          await engine.load(table);
          const sql = sqlStatement(retention, cohortOptions, new SqlContext('retention', 'subscriptions', { dialect, columns: table.columns.map((column) => column.name), maxOffset: maxOffsetFor(shown, cohorts) }), TEST_RUNNER);
          expectSameTable(await engine.rows(sql), widened(shown, cohorts), `${dialect} retention ${JSON.stringify(cohorts.options)}`);
        }
      }),
      { numRuns: Number(process.env.SQL_PROPERTY_RUNS ?? 12) },
    );
  }, 600_000);
});

describe('SQL forms on generated event logs', () => {
  const zones = ['UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/London', 'Australia/Adelaide'];
  const event = fc.record({
    customer: fc.integer({ min: 0, max: 12 }),
    // Sixteen months across a year's end, DST changes included: --compare yoy finds periods a year before.
    at: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 4, 1) }),
    name: fc.constantFrom('visit', 'purchase', 'signup', 'Purchase'),
    country: fc.constantFrom('JP', 'GB', 'US', '', 'NA', '10', '9'),
    offset: fc.constantFrom('Z', '+09:00', '-05:00', ''),
    amount: fc.constantFrom('', '10', '2.5', '-4', '1,200'),
  });
  const run = fc.record({
    metric: fc.constantFrom('churn', 'retention', 'lifecycle', 'stickiness', 'funnel', 'repeat', 'customers', 'rfm', 'paths', 'trend'),
    events: fc.array(event, { minLength: 1, maxLength: 60 }),
    period: fc.constantFrom('day', 'week', 'month', 'quarter'),
    tz: fc.constantFrom(...zones),
    weekStart: fc.constantFrom('monday', 'sunday'),
    grouped: fc.boolean(),
    purchasesOnly: fc.boolean(),
    unbounded: fc.boolean(),
    compare: fc.constantFrom(undefined, 'previous', 'yoy'),
    stickiness: fc.record({
      rolling: fc.constantFrom(undefined, [3], [7, 28]),
      period: fc.constantFrom(undefined, 'week', 'month', 'range'),
      cumulative: fc.boolean(),
      criteria: fc.constantFrom(undefined, '>=2', '=1'),
    }),
    retention: fc.record({
      mode: fc.constantFrom('first-time', 'recurring'),
      windows: fc.constantFrom('calendar', '24h'),
      brackets: fc.constantFrom(undefined, [1, 3], [2, 4, 6]),
      minOccurrences: fc.constantFrom(1, 2),
      reference: fc.constantFrom('initial', 'previous'),
      mean: fc.constantFrom('weighted', 'simple'),
    }),
    trend: fc.record({
      series: fc.constantFrom(['n=*'], ['n=*', 'buyers=purchase:customers', 'visits=visit'], ['rev=purchase:sum:amount', 'buyers=purchase:customers', 'mean=*:mean:amount']),
      formula: fc.constantFrom(undefined, 'n / 2 - 1', 'buyers * (visits + 1) / (n - visits)', 'rev / buyers', 'mean - rev'),
      smooth: fc.constantFrom(undefined, 2, 3),
      window: fc.constantFrom(undefined, ['2025-06-01', undefined], [undefined, '2026-01-01T06:00:00'], ['2025-03-10', '2025-09-01']),
    }),
    funnel: fc.record({
      order: fc.constantFrom('ordered', 'strict', 'unordered'),
      entry: fc.constantFrom('first', 'any'),
      exclude: fc.boolean(),
      byPeriod: fc.boolean(),
      attribution: fc.constantFrom(undefined, 'first-touch', 'last-touch', 'step:2'),
      timeToConvert: fc.boolean(),
    }),
  });

  const subscriptionEvent = fc.record({
    customer: fc.integer({ min: 0, max: 8 }),
    at: fc.integer({ min: Date.UTC(2025, 9, 1), max: Date.UTC(2026, 4, 1) }),
    name: fc.constantFrom('start', 'Subscribe', 'cancel', 'ended', 'upgrade', 'downgrade', 'visit', 'trial_start', 'trial_end'),
    amount: fc.constantFrom('', '10', '25.5', '40', '0'),
    plan: fc.constantFrom('basic', 'pro'),
  });
  const subscriptionRun = fc.record({
    events: fc.array(subscriptionEvent, { minLength: 1, maxLength: 50 }),
    period: fc.constantFrom('week', 'month', 'quarter'),
    tz: fc.constantFrom(...zones),
    grouped: fc.boolean(),
    include: fc.boolean(),
    amounts: fc.boolean(),
  });

  it('give the streaming engine’s subscription churn, whatever the starts, changes and cancels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-subscriptions-'));
    await fc.assert(
      fc.asyncProperty(subscriptionRun, async (r) => {
        // Times apart by at least a second: among equal times only a file has an order, a table none.
        const lines = r.events.map((e, i) => `s${e.customer},${new Date(e.at - (e.at % 60_000) + 1000 * i).toISOString()},${e.name},${r.amounts ? e.amount : ''},${e.plan}`);
        const file = join(dir, 'subscriptions.csv');
        writeFileSync(file, `customer_id,timestamp,event,amount,plan\n${lines.join('\n')}\n`);
        const options = { model: 'subscription', period: r.period, tz: r.tz, groupBy: r.grouped ? ['plan'] : [], samePeriod: r.include ? 'include' : 'exclude' };
        const c: Case = { metric: 'churn', file, options };
        let expected: Cell[][];
        try {
          expected = await streamed(c);
        } catch {
          return; // no subscription event: nothing to compare
        }
        const spec = metricNamed('churn')!;
        const parsed = parseOptions(spec.options, options) as Record<string, unknown> & { tz: string };
        const table = tableOf(file, 'events', 'events', r.tz);
        for (const [engine, dialect] of engines()) {
          await engine.load(table);
          const sql = sqlStatement(spec, parsed, new SqlContext('churn', 'events', { dialect, columns: table.columns.map((column) => column.name) }), TEST_RUNNER);
          expectSameTable(await engine.rows(sql), expected, `${dialect} ${JSON.stringify(options)}`);
        }
      }),
      { numRuns: Number(process.env.SQL_PROPERTY_RUNS ?? 40) },
    );
  }, 600_000);

  /** A funnel's options from a run: its order, entry, an exclusion, entry periods, attribution or the histogram. */
  function funnelOptions(r: { funnel: { order: string; entry: string; exclude: boolean; byPeriod: boolean; attribution?: string; timeToConvert: boolean }; period: string; unbounded: boolean; grouped: boolean }): Record<string, unknown> {
    const f = r.funnel;
    // A repeated step (visit twice) half the time, where the order allows it: it takes a second row, at the same instant or later.
    const steps = f.exclude ? ['visit', 'signup'] : r.unbounded && f.order !== 'unordered' ? ['visit', 'visit', 'purchase'] : ['visit', 'signup', 'purchase'];
    const options: Record<string, unknown> = { steps, window: r.period === 'day' ? '36h' : '30d', order: f.order, entry: f.entry };
    if (f.exclude) options.exclude = [f.order === 'unordered' ? 'purchase' : 'purchase@1-2'];
    if (f.timeToConvert) return { ...options, groupBy: [], timeToConvert: true };
    if (f.byPeriod) options.period = r.period;
    if (f.attribution !== undefined && r.grouped) options.attribution = f.attribution;
    return options;
  }

  it('give the streaming engine’s tables, whatever the events, zones, weeks, periods and groups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-generated-'));
    await fc.assert(
      fc.asyncProperty(run, async (r) => {
        // An attributed funnel's label, and a path's order, come from the order of events: among events at one instant,
        // the input's order (a file's) or the values' (a ClickHouse table's, which has none) decides, so instants are made distinct.
        const distinct = (r.metric === 'funnel' && r.funnel.attribution !== undefined && r.grouped) || r.metric === 'paths';
        const lines = r.events.map((e, i) => {
          // Never a whole minute: a log whose every time is a midnight reads as dates alone in SQL (see README).
          const iso = new Date(e.at - (e.at % 60_000) + 1000 * (1 + (distinct ? i : e.customer % 59))).toISOString().slice(0, 19);
          // A time without an offset is read in --tz, by both engines.
          const time = e.offset === 'Z' ? `${iso}Z` : e.offset === '' ? iso.replace('T', ' ') : `${iso}${e.offset}`;
          // Trends read a column of amounts, which the other metrics' files do without.
          return `c${e.customer},${time},${e.name},${e.country}${r.metric === 'trend' ? `,"${e.amount}"` : ''}`;
        });
        const file = join(dir, 'events.csv');
        writeFileSync(file, `customer_id,timestamp,event,country${r.metric === 'trend' ? ',amount' : ''}\n${lines.join('\n')}\n`);
        const perCustomer = r.metric === 'customers' || r.metric === 'rfm';
        const options: Record<string, unknown> = { tz: r.tz, weekStart: r.weekStart, ...(perCustomer ? {} : { groupBy: r.grouped ? ['country'] : [] }) };
        if (r.metric !== 'stickiness' && r.metric !== 'funnel' && !perCustomer) options.period = r.period;
        if (r.metric === 'customers') options.freq = r.period === 'quarter' ? 'month' : r.period;
        if (r.metric === 'rfm') options.perCustomer = r.grouped;
        if (perCustomer && r.unbounded) options.observationEnd = '2026-02-15';
        if (r.metric === 'funnel') Object.assign(options, funnelOptions(r));
        // Paths: after or before visit, of a depth and a top from the run; input order decides among events at one instant.
        if (r.metric === 'paths') {
          delete options.groupBy;
          delete options.period;
          Object.assign(options, { [r.grouped ? 'after' : 'before']: 'visit', depth: r.unbounded ? 1 : 3, top: r.purchasesOnly ? 2 : 10 });
        }
        // Trends: series of counts, customers, sums and means, a formula over them, trailing means, a window of --since/--until.
        if (r.metric === 'trend') {
          const t = r.trend;
          const [since, until] = t.window ?? [undefined, undefined];
          const formula = t.formula !== undefined && t.formula.split(/[^a-z]+/).filter(Boolean).every((name) => t.series.some((s) => s.startsWith(`${name}=`))) ? t.formula : undefined;
          Object.assign(options, { series: t.series, formula, smooth: t.smooth, since, until });
        }
        // A trend takes --event for its * series, when no other series names an event it leaves out.
        if (r.purchasesOnly && r.metric !== 'funnel' && !(r.metric === 'trend' && r.trend.series.some((s) => s.includes('visit')))) options.events = ['purchase'];
        if (r.metric === 'retention') {
          const m = r.retention;
          Object.assign(options, { unbounded: r.unbounded && m.minOccurrences === 1, mode: m.mode, brackets: m.brackets, minOccurrences: m.minOccurrences, reference: m.reference, mean: m.mean });
          if (r.period !== 'quarter') options.windows = m.windows;
        }
        if (r.metric === 'stickiness') {
          const st = r.stickiness;
          options.criteria = st.criteria;
          if (r.unbounded) Object.assign(options, { distribution: true, period: st.period, cumulative: st.cumulative });
          else if (st.rolling) options.rolling = st.rolling;
        }
        if (r.metric === 'repeat') {
          options.returning = r.unbounded;
          if (r.grouped && r.unbounded) delete options.period;
        }
        if (r.compare !== undefined && (['churn', 'lifecycle', 'trend'].includes(r.metric) || (r.metric === 'stickiness' && !options.rolling) || (r.metric === 'repeat' && options.period))) options.compare = r.compare;
        const c: Case = { metric: r.metric, file, options };
        const spec = metricNamed(r.metric)!;
        let expected: Cell[][];
        let maxOffset = 24;
        try {
          const shown = await streamed(c);
          maxOffset = maxOffsetFor(shown, c);
          expected = widened(shown, c);
        } catch {
          return; // every event left out: nothing to compare
        }
        const parsed = parseOptions(spec.options, options) as Record<string, unknown> & { tz: string; map: string[] };
        const table = tableOf(file, spec.rows, spec.rows, r.tz);
        for (const [engine, dialect] of engines()) {
          await engine.load(table);
          const columns = table.columns.map((column) => column.name);
          const sql = sqlStatement(spec, parsed, new SqlContext(r.metric, spec.rows, { dialect, columns, compare: describerOf(spec, parsed).compare(file, table.header), maxOffset }), TEST_RUNNER);
          expectSameTable(finished(await engine.rows(sql), spec, parsed, file, table.header), expected, `${dialect} ${JSON.stringify(options)}`);
        }
      }),
      { numRuns: Number(process.env.SQL_PROPERTY_RUNS ?? 40) },
    );
  }, 600_000);
});
