import { DataErrors } from '../../errors.js';
import type { EventPlan } from '../../schema/plans/events.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import { byId, observationNotes, summaryColumns } from './customers-table.js';
import { correlation, expectedPurchases, expectedSpend, fitBgNbd, fitGammaGamma, lifetimeValue, pAlive, type BgNbd, type GammaGamma, type Rfm } from './models.js';
import type { Summaries } from './summary.js';

// engage clv: BG/NBD and Gamma-Gamma fitted on the customer summary, and per
// customer P(alive), expected purchases and spend over the horizon, and CLV;
// or, with --params, the fitted parameters and log-likelihoods.

export interface ClvSettings {
  unit: string;
  horizon: number;
  discount: number;
  params: boolean;
}

/** |ρ| from which Gamma-Gamma's independence of spend and frequency looks broken. */
const STRONG_CORRELATION = 0.3;

/** A customer as the models see them: the summary of engage customers, by id. */
export interface ModelCustomer extends Rfm {
  id: string;
  monetaryValue: number | null;
}

export function clvTable(summaries: Summaries, plan: EventPlan, settings: ClvSettings): JobResult {
  const customers = byId(summaries.customers, plan, (c) => c.customer).map((c): ModelCustomer => ({ ...c, id: plan.customers.idOf(c.customer) }));
  const result = clvOf(customers, settings);
  return { ...result, notes: [...observationNotes(summaries), ...result.notes] };
}

/** The clv table of customers whose summary an SQL engine computed (engage customers' columns). */
export function clvFromSummaryRows(names: string[], rows: Cell[][], settings: ClvSettings): JobResult {
  const at = (name: string) => names.indexOf(name);
  const [id, frequency, recency, T, monetary] = ['customer_id', 'frequency', 'recency', 'T', 'monetary_value'].map(at);
  const customers = rows.map((row): ModelCustomer => ({
    id: String(row[id]),
    frequency: Number(row[frequency]),
    recency: Number(row[recency]),
    T: Number(row[T]),
    monetaryValue: monetary < 0 || row[monetary] === null ? null : Number(row[monetary]),
  }));
  return clvOf(customers, settings);
}

/** The models fitted to the customers (in the order given), and each customer's figures. */
function clvOf(customers: ModelCustomer[], settings: ClvSettings): JobResult {
  if (customers.length === 0) return { table: { title: 'Customer lifetime value', formula: 'no customers to fit the models to', columns: [{ name: 'customer_id', type: 'text' }], rows: [] }, notes: [] };
  if (!customers.some((c) => c.frequency > 0)) {
    throw new DataErrors(['clv: no customer bought twice, so there is nothing to fit BG/NBD to'], ['give a longer order log, or a smaller --freq unit']);
  }
  const bgNbd = fitBgNbd(customers);
  const withAmounts = customers.filter((c) => c.monetaryValue !== null);
  const gammaGamma = withAmounts.length > 0 ? fitGammaGamma(withAmounts.map((c) => ({ frequency: c.frequency, monetary: c.monetaryValue! }))) : undefined;
  const notes = [...fitNotes(bgNbd, gammaGamma, customers.length), ...spendNotes(customers, gammaGamma)];
  if (settings.params) return { table: paramsTable(bgNbd, gammaGamma, settings.unit), notes };

  const columns: ResultColumn[] = [
    ...summaryColumns(gammaGamma !== undefined),
    { name: 'p_alive', type: 'rate' },
    { name: 'expected_purchases', type: 'number' },
    ...(gammaGamma ? [{ name: 'expected_spend', type: 'number' } as const, { name: 'clv', type: 'number' } as const] : []),
  ];
  const rows = customers.map((c): Cell[] => {
    const row: Cell[] = [c.id, c.frequency, c.recency, c.T];
    if (gammaGamma) row.push(c.monetaryValue);
    row.push(pAlive(bgNbd, c), expectedPurchases(bgNbd, c, settings.horizon));
    if (gammaGamma) {
      const spend = expectedSpend(gammaGamma, c.frequency, c.monetaryValue ?? 0);
      row.push(spend, lifetimeValue(bgNbd, c, spend, settings.horizon, settings.discount));
    }
    return row;
  });
  const formula =
    `BG/NBD (r ${round(bgNbd.r)}, α ${round(bgNbd.alpha)}, a ${round(bgNbd.a)}, b ${round(bgNbd.b)}) on frequency, recency and T in ${settings.unit}s; ` +
    `expected_purchases over the next ${settings.horizon} ${settings.unit}s` +
    (gammaGamma ? `; Gamma-Gamma (p ${round(gammaGamma.p)}, q ${round(gammaGamma.q)}, v ${round(gammaGamma.v)}) for expected_spend; clv = Σ purchases of each ${settings.unit} × expected_spend / (1 + ${settings.discount})^${settings.unit}` : '');
  return { table: { title: 'Customer lifetime value', formula, columns, rows }, notes };
}

function paramsTable(bgNbd: BgNbd, gammaGamma: GammaGamma | undefined, unit: string) {
  const rows: Cell[][] = [
    ['bg_nbd', 'r', bgNbd.r],
    ['bg_nbd', 'alpha', bgNbd.alpha],
    ['bg_nbd', 'a', bgNbd.a],
    ['bg_nbd', 'b', bgNbd.b],
    ['bg_nbd', 'log_likelihood', bgNbd.logLikelihood],
  ];
  if (gammaGamma) rows.push(['gamma_gamma', 'p', gammaGamma.p], ['gamma_gamma', 'q', gammaGamma.q], ['gamma_gamma', 'v', gammaGamma.v], ['gamma_gamma', 'log_likelihood', gammaGamma.logLikelihood]);
  return {
    title: 'Fitted models',
    formula: `maximum likelihood; α in ${unit}s (the scale of recency and T); v in the amounts' currency`,
    columns: [
      { name: 'model', type: 'text' },
      { name: 'parameter', type: 'text' },
      { name: 'value', type: 'estimate' },
    ] satisfies ResultColumn[],
    rows,
  };
}

/** Parameters beyond these ran to the edge: the likelihood has no maximum inside, the data too thin for the model. */
const EDGE = [1e-6, 1e6];

/** A fit that ran to the edge of its parameters is no fit: say so beside the figures it gives. */
function fitNotes(bgNbd: BgNbd, gammaGamma: GammaGamma | undefined, customers: number): string[] {
  const atEdge = (values: number[]) => values.some((v) => v < EDGE[0] || v > EDGE[1]);
  const notes: string[] = [];
  if (atEdge([bgNbd.r, bgNbd.alpha, bgNbd.a, bgNbd.b])) {
    notes.push(
      `warning: the BG/NBD fit ran to the edge of its parameters (r ${round(bgNbd.r)}, α ${round(bgNbd.alpha)}, a ${round(bgNbd.a)}, b ${round(bgNbd.b)}): ` +
        `the ${customers} customers do not show what the model assumes (buying rates that differ, customers who stop), or are too few, so p_alive, expected_purchases and clv are doubtful`,
    );
  }
  if (gammaGamma && atEdge([gammaGamma.p, gammaGamma.q, gammaGamma.v])) {
    notes.push(
      `warning: the Gamma-Gamma fit ran to the edge of its parameters (p ${round(gammaGamma.p)}, q ${round(gammaGamma.q)}, v ${round(gammaGamma.v)}): ` +
        `the ${gammaGamma.customers} repeat customers do not show mean spends that differ between customers, or are too few, so expected_spend and clv are doubtful`,
    );
  }
  return notes;
}

/** Gamma-Gamma assumes spend does not depend on how often one buys: say how far the data agrees. */
function spendNotes(customers: readonly ModelCustomer[], gammaGamma: GammaGamma | undefined): string[] {
  if (!gammaGamma) return ['no amounts: expected spend and CLV need an amount column (--map amount=…)'];
  const repeat = customers.filter((c) => c.frequency > 0 && (c.monetaryValue ?? 0) > 0);
  const rho = correlation(
    repeat.map((c) => c.frequency),
    repeat.map((c) => c.monetaryValue!),
  );
  if (rho === null) return [];
  const text = `frequency and monetary value of the ${repeat.length} repeat customers correlate at ${rho.toFixed(3)}`;
  return Math.abs(rho) >= STRONG_CORRELATION
    ? [`warning: ${text}: Gamma-Gamma assumes spend does not depend on frequency, so expected_spend and clv are doubtful`]
    : [`${text} (Gamma-Gamma assumes none)`];
}

const round = (value: number) => Number(value.toPrecision(4));
