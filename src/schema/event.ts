import { z } from 'zod';
import type { ColumnMeta } from './columns.js';

// One row per customer event: orders, visits, subscriptions. Aliases cover
// shop, CRM and product-analytics exports (Shopify, the UCI Online Retail log,
// GA4/Amplitude-style event exports, Japanese EC back offices).

const text = (description: string, aliases: string[]) =>
  z.string().optional().meta({ kind: 'text', aliases, description } satisfies ColumnMeta);
const amount = (description: string, aliases: string[]) =>
  z.number().optional().meta({ kind: 'count', aliases, description } satisfies ColumnMeta);
const timestamp = (description: string, aliases: string[]) =>
  z.number().optional().meta({ kind: 'timestamp', aliases, description } satisfies ColumnMeta);

export const EventRow = z.object({
  customer_id: text('who did it', [
    'customer id', 'customerid', 'customer', 'user id', 'userid', 'user', 'client id', 'member id', 'account id',
    'customer_unique_id', 'distinct id', 'id', '顧客ID', '会員ID', 'ユーザーID', '顧客番号', '会員番号',
  ]),
  timestamp: timestamp('when it happened', [
    'event time', 'event_time', 'event timestamp', 'time', 'date', 'datetime', 'invoice date', 'invoicedate',
    'order date', 'created at', 'created', 'processed at', 'occurred at', '日時', '日付', '注文日', '注文日時', '購入日',
  ]),
  event: text('what happened (purchase, visit, start, cancel …)', ['event type', 'event name', 'type', 'action', 'status', 'イベント', '種別']),
  amount: amount('revenue of the event (MRR for subscriptions)', [
    'revenue', 'total', 'sales', 'value', 'price', 'mrr', 'total price', 'order total', '金額', '売上', '合計金額',
  ]),
  order_id: text('the order a row belongs to; rows of one order count once', [
    'order id', 'order', 'order number', 'invoice', 'invoice no', 'invoiceno', 'transaction id', '注文ID', '注文番号', '受注番号',
  ]),
});
export type EventRow = z.output<typeof EventRow>;
