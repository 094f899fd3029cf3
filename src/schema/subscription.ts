import type { z } from 'zod';
import { numberColumn, textColumn } from './columns.js';
import { EventRow } from './event.js';

// One row per subscription event (start, change, cancel, trials), with what
// a billing export adds to an event log: which subscription the event acts
// on, the billing interval its amount is for, seats, a recurring discount
// and the currency (subscription-revenue.md "Input").

export const SubscriptionRow = EventRow.extend({
  subscription_id: textColumn('the subscription an event acts on, when a customer has several', ['subscription id', 'subscription', 'sub id', 'subscription_uuid']),
  interval: textColumn("the billing interval the amount is for (month, year, quarter, week, day)", [
    'billing interval', 'billing period', 'plan interval', 'interval unit', 'subscription billing period', 'billing cycle',
  ]),
  quantity: numberColumn('units of the plan (seats); the MRR is quantity × amount', ['qty', 'plan quantity', 'seats', 'units']),
  discount: numberColumn('an amount off per billing interval, in the same currency', ['discount amount', 'recurring discount']),
  currency: textColumn('the currency of the amounts: figures never add two currencies', ['currency code', 'curr', '通貨']),
});
export type SubscriptionRow = z.output<typeof SubscriptionRow>;
