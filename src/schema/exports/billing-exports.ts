import { cellText } from '../blank.js';
import { findNamedHeader } from '../columns.js';

// Billing exports with one row per subscription (subscription-revenue.md
// "Billing exports as native formats"), read as the subscription events they
// stand for: a trial_start at the trial's start, a start when paying begins,
// a cancel when it ends. Each format is its vendor's documented columns:
// Stripe's Dashboard export of subscriptions, and the subscription objects of
// Chargebee (its data catalog's subscriptions table) and Recurly (its v2 API),
// as exports and warehouse syncs write them.

export interface BillingExport {
  name: string;
  /** Headers that together say the file is this export. */
  signature: string[];
  /** Each field: the export's headers for it, the first present wins. */
  subscription: string[];
  customer: string[];
  amount: string[];
  /** Amounts in the currency's minor unit (cents): divided by 100. */
  minorUnits?: boolean;
  quantity: string[];
  interval: string[];
  /** Billing intervals of several units (every 3 months): the amount is spread over them. */
  intervalCount?: string[];
  currency: string[];
  status: string[];
  created: string[];
  start: string[];
  trialStart: string[];
  trialEnd: string[];
  /** When paying ended. */
  ended: string[];
  /** When it was cancelled: the end only in a status of `canceled`. */
  canceled: string[];
  /** Statuses (lower case): never paid; a trial only; cancelled (the cancel time ends it). */
  neverPaid: string[];
  trialOnly: string[];
  canceledStatuses: string[];
  /** A column the model cannot apply, noted when a row has it (Stripe's Coupon is a coupon id, not an amount). */
  unapplied?: string;
  /** Times written in UTC without an offset. */
  utcTimes?: boolean;
}

export const BILLING_EXPORTS: readonly BillingExport[] = [
  {
    name: 'Stripe subscriptions export',
    signature: ['id', 'Customer ID', 'Status', 'Current Period End (UTC)'],
    subscription: ['id'],
    customer: ['Customer ID', 'Customer Email'],
    amount: ['Amount'],
    quantity: ['Quantity'],
    interval: ['Interval'],
    intervalCount: ['Interval Count'],
    currency: ['Currency'],
    status: ['Status'],
    created: ['Created (UTC)'],
    start: ['Start Date (UTC)', 'Start (UTC)'],
    trialStart: ['Trial Start (UTC)'],
    trialEnd: ['Trial End (UTC)'],
    ended: ['Ended At (UTC)'],
    canceled: ['Canceled At (UTC)'],
    neverPaid: ['incomplete', 'incomplete_expired'],
    trialOnly: ['trialing'],
    canceledStatuses: ['canceled', 'cancelled'],
    unapplied: 'Coupon',
    utcTimes: true,
  },
  {
    // Chargebee's subscription: prices in cents, billing_period units of billing_period_unit.
    name: 'Chargebee subscriptions export',
    signature: ['id', 'customer_id', 'plan_quantity', 'billing_period_unit'],
    subscription: ['id'],
    customer: ['customer_id'],
    amount: ['plan_unit_price'],
    minorUnits: true,
    quantity: ['plan_quantity'],
    interval: ['billing_period_unit'],
    intervalCount: ['billing_period'],
    currency: ['currency_code'],
    status: ['status'],
    created: ['created_at'],
    start: ['activated_at', 'started_at'],
    trialStart: ['trial_start'],
    trialEnd: ['trial_end'],
    ended: [],
    canceled: ['cancelled_at'],
    neverPaid: ['future'],
    trialOnly: ['in_trial'],
    canceledStatuses: ['cancelled'],
  },
  {
    // Recurly's subscription (v2): a canceled one keeps paying until it expires; an expired one has ended.
    name: 'Recurly subscriptions export',
    signature: ['uuid', 'account_code', 'plan_code', 'unit_amount_in_cents'],
    subscription: ['uuid'],
    customer: ['account_code'],
    amount: ['unit_amount_in_cents'],
    minorUnits: true,
    quantity: ['quantity'],
    interval: ['plan_interval_unit'],
    intervalCount: ['plan_interval_length'],
    currency: ['currency'],
    status: ['state'],
    created: ['created_at'],
    start: ['activated_at'],
    trialStart: ['trial_started_at'],
    trialEnd: ['trial_ends_at'],
    ended: [],
    canceled: ['expires_at'],
    neverPaid: ['future'],
    trialOnly: ['in_trial'],
    canceledStatuses: ['expired'],
  },
];

const NO_COLUMNS: readonly string[] = [];

/** The canonical columns an expanded row has, after the export's own. */
export const EXPANDED_COLUMNS = ['customer_id', 'subscription_id', 'timestamp', 'event', 'amount', 'quantity', 'interval', 'currency'] as const;

/** Names for them that no export uses: the export's own columns keep theirs (for --group-by, --where). */
const EXPANDED_HEADER = EXPANDED_COLUMNS.map((name) => `${name} (subscription event)`);

export function billingExportOf(header: readonly string[]): BillingExport | undefined {
  return BILLING_EXPORTS.find((known) => known.signature.every((name) => findNamedHeader(header, name) !== undefined));
}

/** What a row turned into: its events, or why it has none. */
export type Expansion = { events: unknown[][]; skipped?: 'never-paid'; unapplied?: boolean };

export interface BillingReader {
  format: BillingExport;
  /** The header the row plan sees: the export's, then the event columns. */
  header: string[];
  /** --map for the event columns (the user's own --map wins). */
  map: Map<string, string>;
  expand(cells: readonly unknown[]): Expansion;
}

export function billingReader(format: BillingExport, header: readonly string[]): BillingReader {
  const at = (names: readonly string[]) => names.map((name) => findNamedHeader(header, name)).find((i) => i !== undefined);
  // Each field's columns, found once in the header: a row then reads cells by index.
  const indexes = new Map<readonly string[], number[]>();
  const cell = (cells: readonly unknown[], names: readonly string[]): string => {
    let found = indexes.get(names);
    if (found === undefined) indexes.set(names, (found = names.map((name) => findNamedHeader(header, name)).filter((i): i is number => i !== undefined)));
    for (const index of found) {
      const text = cellText(cells[index]);
      if (text !== '') return text;
    }
    return '';
  };
  const unapplied = format.unapplied === undefined ? undefined : at([format.unapplied]);
  const time = (text: string) => (format.utcTimes && /\d:\d\d(?::\d\d(?:\.\d+)?)?$/.test(text) ? `${text}Z` : text);
  return {
    format,
    header: [...header, ...EXPANDED_HEADER],
    map: new Map(EXPANDED_COLUMNS.map((name, i) => [name, EXPANDED_HEADER[i]])),
    expand(cells) {
      const status = cell(cells, format.status).toLowerCase();
      if (format.neverPaid.includes(status)) return { events: [], skipped: 'never-paid' };
      const customer = cell(cells, format.customer);
      const subscription = cell(cells, format.subscription);
      const currency = cell(cells, format.currency);
      const interval = cell(cells, format.interval);
      const quantity = cell(cells, format.quantity);
      const row = (when: string, event: string, amount = ''): unknown[] => [...cells, customer, subscription, time(when), event, amount, amount === '' ? '' : quantity, interval, currency];
      const events: unknown[][] = [];
      const trialStart = cell(cells, format.trialStart);
      if (trialStart !== '') events.push(row(trialStart, 'trial_start'));
      if (!format.trialOnly.includes(status)) {
        const paysFrom = cell(cells, format.trialEnd) || cell(cells, format.start) || cell(cells, format.created);
        const paysUntil = cell(cells, format.ended) || (format.canceledStatuses.includes(status) ? cell(cells, format.canceled) : '');
        // Cancelled at or before paying would begin (during its trial): a trial that did not convert, no MRR.
        const neverPaying = paysUntil !== '' && instant(time(paysUntil)) <= instant(time(paysFrom));
        if (!neverPaying) {
          events.push(row(paysFrom, 'start', amountOf(cell(cells, format.amount), cell(cells, format.intervalCount ?? NO_COLUMNS), format.minorUnits)));
          if (paysUntil !== '') events.push(row(paysUntil, 'cancel'));
        }
      }
      return { events, unapplied: unapplied !== undefined && cellText(cells[unapplied]) !== '' };
    },
  };
}

/** The amount per interval of one unit: minor units as major ones, an interval of n units spread over them; a bad amount left as it is, for the plan to name. */
function amountOf(text: string, count: string, minorUnits: boolean | undefined): string {
  const value = Number(text.replaceAll(',', ''));
  if (text === '' || !Number.isFinite(value)) return text;
  const every = count === '' ? 1 : Number(count);
  // A count that is none: the amount as the plan will name it, never spread silently over 1.
  if (!Number.isFinite(every) || every <= 0) return `${text} every ${count}`;
  return String(Number(((minorUnits ? value / 100 : value) / every).toPrecision(12)));
}

/** An instant to compare two dates of one row: epoch seconds (Chargebee's API), else ISO text. */
function instant(text: string): number {
  return /^\d{9,11}$/.test(text) ? Number(text) * 1000 : Date.parse(text);
}
