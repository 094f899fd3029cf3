import type { RowKind } from '../row-kind.js';

// Exports that engage knows as a whole, not only by their headers' names: a
// file whose header has an export's signature is read with that export's
// columns (a --map of the user's still wins), and with its quirks. The header
// lists are the vendors' own (Shopify's orders export, with the same English
// headers in the Japanese admin; WooCommerce Analytics' Orders download;
// Stripe's Payments export).

export interface NativeExport {
  name: string;
  kind: RowKind;
  /** Headers that together say the file is this export (compared as --map compares). */
  signature: string[];
  /** Canonical column → the export's headers for it, the first present wins. */
  columns: Record<string, string[]>;
  /**
   * One row per line item, the order's own fields on its first line only
   * (METRICS.md): blank cells of the order's later lines take the first
   * line's values, and the amount, an order total, counts once per order.
   */
  lineItems?: boolean;
  /** The events (lower case) that are purchases in this export, when --event does not say. */
  purchases?: string[];
  /**
   * Per-row fallbacks the format documents: canonical column → headers whose
   * cell stands in, in order, on a row where the column's own cell is blank
   * (Stripe: Customer ID, else Customer Email). Applied per row and counted.
   */
  fallbacks?: Record<string, string[]>;
  /**
   * Where the export has no order id but one order is all rows with the same
   * values of these headers (GA4's items: one purchase event per user and
   * event_timestamp), the order id made of them.
   */
  orderFrom?: string[];
  /** The export writes its times in UTC without saying so (Amplitude's event_time): they are not read in --tz. */
  utcTimes?: boolean;
}

export const NATIVE_EXPORTS: readonly NativeExport[] = [
  {
    name: 'Shopify orders export',
    kind: 'events',
    signature: ['Name', 'Email', 'Financial Status', 'Created at', 'Lineitem quantity'],
    // "Id" is Shopify's order id, never the customer; "Name" is the order number (#1001).
    columns: { customer_id: ['Email'], order_id: ['Name'], timestamp: ['Created at'], amount: ['Total'] },
    lineItems: true,
  },
  {
    name: 'WooCommerce orders (Analytics download)',
    kind: 'events',
    signature: ['Date', 'Order #', 'Status', 'Customer', 'Net Sales'],
    columns: { customer_id: ['Customer'], order_id: ['Order #'], timestamp: ['Date'], amount: ['Net Sales'], event: ['Status'] },
    // Cancelled, failed, refunded, pending and on-hold orders are no purchase.
    purchases: ['completed', 'processing'],
  },
  {
    name: 'Stripe payments export',
    kind: 'events',
    signature: ['id', 'Amount', 'Currency', 'Status', 'Customer ID'],
    // A payment's Status (Paid, Failed, Refunded) is its event: failed ones are no purchase.
    columns: {
      customer_id: ['Customer ID', 'Customer Email'],
      order_id: ['id'],
      timestamp: ['Created date (UTC)', 'Created (UTC)', 'Created'],
      amount: ['Amount'],
      event: ['Status'],
    },
    fallbacks: { customer_id: ['Customer Email'] },
    purchases: ['paid', 'succeeded'],
  },
  {
    // Google's BigQuery export of GA4 (one row per event), flattened by a query or as NDJSON with
    // event_params as dotted columns. user_id is set only once someone signs in; user_pseudo_id is
    // the device, always there (client_id where a query renamed it).
    name: 'GA4 BigQuery export',
    kind: 'events',
    signature: ['event_name', 'event_timestamp'],
    columns: {
      customer_id: ['user_id', 'user_pseudo_id', 'client_id'],
      timestamp: ['event_timestamp'],
      event: ['event_name'],
      amount: ['ecommerce.purchase_revenue_in_usd', 'ecommerce.purchase_revenue', 'event_value_in_usd', 'event_params.value'],
      order_id: ['ecommerce.transaction_id', 'event_params.transaction_id', 'transaction_id'],
    },
    fallbacks: { customer_id: ['user_pseudo_id', 'client_id'] },
    purchases: ['purchase', 'in_app_purchase', 'ecommerce_purchase'],
  },
  {
    // The same export with its items array unnested (one row per purchased item, no event name),
    // as Google's ga4_obfuscated_sample_ecommerce is usually queried.
    name: 'GA4 BigQuery export (items)',
    kind: 'events',
    signature: ['user_pseudo_id', 'event_timestamp', 'item_id'],
    columns: {
      customer_id: ['user_id', 'user_pseudo_id'],
      timestamp: ['event_timestamp'],
      amount: ['item_revenue_in_usd', 'item_revenue'],
      order_id: ['transaction_id', 'ecommerce.transaction_id'],
    },
    fallbacks: { customer_id: ['user_pseudo_id'] },
    orderFrom: ['user_pseudo_id', 'event_timestamp'],
  },
  {
    // Mixpanel's raw event export (/api/2.0/export): {"event", "properties": {"distinct_id", "time" (epoch seconds), …}}.
    name: 'Mixpanel raw export',
    kind: 'events',
    signature: ['event', 'properties.distinct_id', 'properties.time'],
    columns: {
      customer_id: ['properties.distinct_id'],
      timestamp: ['properties.time'],
      event: ['event'],
      amount: ['properties.revenue', 'properties.amount', 'properties.$amount'],
      order_id: ['properties.order_id', 'properties.transaction_id'],
    },
  },
  {
    // Amplitude's Export API (a zip of gzip NDJSON files): event_time in UTC without an offset. Users are
    // counted by amplitude_id, as Amplitude counts them (user_id and device_id where a file lacks it).
    name: 'Amplitude export',
    kind: 'events',
    signature: ['event_type', 'event_time'],
    columns: {
      customer_id: ['amplitude_id', 'user_id', 'device_id'],
      timestamp: ['event_time'],
      event: ['event_type'],
      amount: ['revenue', 'event_properties.revenue', 'event_properties.$revenue', 'event_properties.price'],
      order_id: ['event_properties.order_id', 'event_properties.transaction_id'],
    },
    fallbacks: { customer_id: ['user_id', 'device_id'] },
    utcTimes: true,
  },
  {
    // Segment's events (track, page, screen, identify calls as its warehouse or S3 archive write them):
    // userId, else anonymousId; a call with no event name (page, identify) is named by its type.
    name: 'Segment events export',
    kind: 'events',
    signature: ['anonymousId', 'timestamp', 'type'],
    columns: {
      customer_id: ['userId', 'anonymousId'],
      timestamp: ['timestamp', 'originalTimestamp'],
      event: ['event', 'type'],
      amount: ['properties.revenue', 'properties.total', 'properties.value'],
      order_id: ['properties.order_id', 'properties.orderId'],
    },
    fallbacks: { customer_id: ['anonymousId'], event: ['type'] },
  },
  {
    // PostHog's events (its batch exports and the events table): a person, else the distinct_id.
    name: 'PostHog events export',
    kind: 'events',
    signature: ['event', 'distinct_id', 'timestamp', 'uuid'],
    columns: {
      customer_id: ['person_id', 'distinct_id'],
      timestamp: ['timestamp'],
      event: ['event'],
      amount: ['properties.revenue', 'properties.$revenue', 'properties.amount'],
      order_id: ['properties.order_id', 'properties.transaction_id'],
    },
    fallbacks: { customer_id: ['distinct_id'] },
  },
];
