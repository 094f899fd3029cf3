import type { Dialect } from '../../sql/dialect.js';
import { sqlString } from '../../sql/dialect.js';
import type { FunnelRule } from './rule.js';

// A funnel's attempts as SQL (the streaming form is attempts.ts), over
// `numbered` (the counted events with a row_id in input order): one attempt
// per start event (--entry first: the customer's first), its steps' instants
// t1 … tn (NULL past its depth), the row of each step's event, and whether an
// exclusion voids it; then each customer's counted attempt, the furthest and
// then the earliest. Every CTE is per group key (keys) and named with a
// suffix, so that a grouped funnel and the overall one sit side by side.

export interface AttemptsSql {
  dialect: Dialect;
  rule: FunnelRule;
  /** The group keys every step is computed within (g1 …); [] for one funnel over all rows. */
  keys: string[];
  suffix: string;
}

/** Names the joined relation's columns: ClickHouse would name `p.g1` so, not `g1`. */
const carried = (keys: string[], alias: string) => keys.map((key) => `${alias}.${key} AS ${key}, `).join('');
const sameKeys = (a: string, b: string, keys: string[]) => keys.map((key) => ` AND ${a}.${key} = ${b}.${key}`).join('');

/** The CTEs up to `attempts{suffix}`: keys, customer, attempt, start, start_period, depth, t1 … tn, r1 … rn (the rows of the steps, in step order). */
export function attemptSteps(spec: AttemptsSql): string[] {
  const { dialect: d, rule, keys, suffix } = spec;
  const list = keys.map((key) => `${key}, `).join('');
  const unordered = rule.order === 'unordered';
  const startNames = unordered ? [...new Set(rule.steps)] : [rule.steps[0]];
  const starts = `starts${suffix} AS (
  SELECT ${list}customer, row_id AS attempt, ts AS start, period_start AS start_period, event AS start_event
  FROM ${rule.entry === 'first' ? `(SELECT *, row_number() OVER (PARTITION BY ${list}customer ORDER BY ts, row_id) AS nth FROM numbered WHERE event IN (${startNames.map(sqlString).join(', ')})) candidates WHERE nth = 1` : `numbered WHERE event IN (${startNames.map(sqlString).join(', ')})`}
)`;
  const window = d.interval(rule.window, 'millisecond');
  return [starts, ...(unordered ? unorderedSteps(spec, window) : orderedSteps(spec, window))];
}

function orderedSteps(spec: AttemptsSql, window: string): string[] {
  const { dialect: d, rule, keys, suffix } = spec;
  const n = rule.steps.length;
  const strict = rule.order === 'strict';
  const list = keys.map((key) => `${key}, `).join('');
  const ctes: string[] = [];
  // Strict: the next instant after each of a customer's instants; no step may come after it.
  if (strict) {
    ctes.push(`next_instants${suffix} AS (
  SELECT ${list}customer, ts, lead(ts) OVER (PARTITION BY ${list}customer ORDER BY ts) AS next_at
  FROM (SELECT DISTINCT ${list}customer, ts FROM numbered) instants
)`);
  }
  const withNext = (step: string, from: string) =>
    strict
      ? `${step} AS (\n  SELECT s.*, x.next_at AS next_at\n  FROM ${from} s LEFT JOIN next_instants${suffix} x ON x.customer = s.customer AND x.ts = s.reached_at${sameKeys('x', 's', keys)}\n)`
      : `${step} AS (\n  SELECT * FROM ${from}\n)`;
  ctes.push(`step_1${suffix}_found AS (\n  SELECT ${list}customer, attempt, start, start_period, start AS reached_at, attempt AS r1\n  FROM starts${suffix}\n)`, withNext(`step_1${suffix}`, `step_1${suffix}_found`));
  for (let k = 2; k <= n; k++) {
    const rows = Array.from({ length: k - 1 }, (_, j) => `r${j + 1}`);
    // A step whose name an earlier step has takes another row than that step's.
    const unmatched = rule.steps.slice(0, k - 1).flatMap((name, j) => (name === rule.steps[k - 1] ? [` AND e.row_id <> p.r${j + 1}`] : [])).join('');
    const beforeNext = strict ? ' AND e.ts <= p.next_at' : '';
    ctes.push(
      `step_${k}${suffix}_found AS (
  SELECT ${carried(keys, 'p')}p.customer AS customer, p.attempt AS attempt, p.start AS start, p.start_period AS start_period,
         min(e.ts) AS reached_at, ${rows.map((r) => `p.${r} AS ${r}`).join(', ')}, ${d.earliest('e.row_id', ['e.ts', 'e.row_id'])} AS r${k}
  FROM step_${k - 1}${suffix} p
  JOIN numbered e ON e.customer = p.customer${sameKeys('e', 'p', keys)} AND e.event = ${sqlString(rule.steps[k - 1])} AND e.ts >= p.reached_at AND e.ts <= p.start + ${window}${unmatched}${beforeNext}
  GROUP BY ${keys.map((key) => `p.${key}, `).join('')}p.customer, p.attempt, p.start, p.start_period, ${rows.map((r) => `p.${r}`).join(', ')}
)`,
      withNext(`step_${k}${suffix}`, `step_${k}${suffix}_found`),
    );
  }
  const joins = Array.from({ length: n - 1 }, (_, i) => `\n  LEFT JOIN step_${i + 2}${suffix} s${i + 2} ON s${i + 2}.attempt = s1.attempt`).join('');
  const at = (k: number) => `s${k}.reached_at`;
  ctes.push(`attempts${suffix} AS (
  SELECT ${carried(keys, 's1')}s1.customer AS customer, s1.attempt AS attempt, s1.start AS start, s1.start_period AS start_period,
         1${Array.from({ length: n - 1 }, (_, i) => ` + CASE WHEN ${at(i + 2)} IS NULL THEN 0 ELSE 1 END`).join('')} AS depth,
         ${Array.from({ length: n }, (_, i) => `${at(i + 1)} AS t${i + 1}`).join(', ')},
         ${Array.from({ length: n }, (_, i) => `s${i + 1}.r${i + 1} AS r${i + 1}`).join(', ')}
  FROM step_1${suffix} s1${joins}
)`);
  return ctes;
}

function unorderedSteps(spec: AttemptsSql, window: string): string[] {
  const { dialect: d, rule, keys, suffix } = spec;
  const n = rule.steps.length;
  const list = keys.map((key) => `${key}, `).join('');
  // Each step's instant and row in the attempt: the start's own step the start, every other its earliest event in the window.
  const found = rule.steps.flatMap((step, j) => [
    `CASE WHEN a.start_event = ${sqlString(step)} THEN a.start ELSE min(CASE WHEN e.event = ${sqlString(step)} THEN e.ts END) END AS f${j + 1}`,
    `CASE WHEN a.start_event = ${sqlString(step)} THEN a.attempt ELSE ${d.earliest('e.row_id', ['e.ts', 'e.row_id'], `e.event = ${sqlString(step)}`)} END AS fr${j + 1}`,
  ]);
  const instants = rule.steps.map((_, j) => `SELECT ${list}customer, attempt, start, start_period, f${j + 1} AS t, fr${j + 1} AS r FROM found${suffix} WHERE f${j + 1} IS NOT NULL`).join('\n  UNION ALL\n  ');
  return [
    `found${suffix} AS (
  SELECT ${carried(keys, 'a')}a.customer AS customer, a.attempt AS attempt, a.start AS start, a.start_period AS start_period,
         ${found.join(',\n         ')}
  FROM starts${suffix} a
  LEFT JOIN numbered e ON e.customer = a.customer${sameKeys('e', 'a', keys)} AND e.ts >= a.start AND e.ts <= a.start + ${window}
  GROUP BY ${keys.map((key) => `a.${key}, `).join('')}a.customer, a.attempt, a.start, a.start_period, a.start_event
)`,
    // The steps found, in time order (rows at one instant in the input's order), are steps 1, 2, …
    `ranked${suffix} AS (
  SELECT *, row_number() OVER (PARTITION BY attempt ORDER BY t, r) AS k
  FROM (${instants}) instants
)`,
    `attempts${suffix} AS (
  SELECT ${list}customer, attempt, start, start_period, CAST(count(*) AS INTEGER) AS depth,
         ${Array.from({ length: n }, (_, i) => `max(CASE WHEN k = ${i + 1} THEN t END) AS t${i + 1}`).join(', ')},
         ${Array.from({ length: n }, (_, i) => `max(CASE WHEN k = ${i + 1} THEN r END) AS r${i + 1}`).join(', ')}
  FROM ranked${suffix}
  GROUP BY ${list}customer, attempt, start, start_period
)`,
  ];
}

/**
 * `counted{suffix}{tag}`: each customer's counted attempt (with `byPeriod`,
 * one per period their attempts start in): not void, the furthest, then the
 * earliest.
 */
export function countedAttemptsSql(spec: AttemptsSql, byPeriod: boolean, tag: string): string[] {
  const { dialect: d, rule, keys, suffix } = spec;
  const list = keys.map((key) => `${key}, `).join('');
  const ctes: string[] = [];
  let valid = `attempts${suffix}`;
  if (rule.exclusions.length > 0 && tag === '') {
    // An exclusion after step F and before step T (up to the window's end when T is not reached) voids the attempt.
    const voided = rule.exclusions.map(
      (x) => `SELECT a.attempt AS attempt
  FROM attempts${suffix} a JOIN numbered x ON x.customer = a.customer${sameKeys('x', 'a', keys)} AND x.event = ${sqlString(x.event)}
  WHERE a.depth >= ${x.from} AND x.ts > a.t${x.from} AND (CASE WHEN a.depth >= ${x.to} THEN x.ts < a.t${x.to} ELSE x.ts <= a.start + ${d.interval(rule.window, 'millisecond')} END)`,
    );
    ctes.push(`void${suffix} AS (\n  ${voided.join('\n  UNION ALL\n  ')}\n)`, `valid${suffix} AS (\n  SELECT * FROM attempts${suffix} WHERE attempt NOT IN (SELECT attempt FROM void${suffix})\n)`);
  }
  if (rule.exclusions.length > 0) valid = `valid${suffix}`;
  ctes.push(`chosen${suffix}${tag} AS (
  SELECT * FROM (
    SELECT *, row_number() OVER (PARTITION BY ${list}customer${byPeriod ? ', start_period' : ''} ORDER BY depth DESC, start, attempt) AS choice
    FROM ${valid}
  ) ranked_attempts
  WHERE choice = 1
)`);
  return ctes;
}
