import type { RowKind } from '../row-kinds.js';

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
    purchases: ['paid', 'succeeded'],
  },
];
