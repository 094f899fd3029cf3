import { z } from 'zod';
import { numberColumn, textColumn, timestampColumn } from './columns.js';

// One row per customer event: orders, visits, subscriptions. Aliases cover
// shop, CRM and product-analytics exports (Shopify, the UCI Online Retail log,
// GA4/Amplitude-style event exports, Japanese EC back offices).

export const EventRow = z.object({
  customer_id: textColumn('who did it', [
    'customer id', 'customerid', 'customer', 'user id', 'userid', 'user', 'client id', 'member id', 'account id',
    'customer_unique_id', 'distinct id', 'customer email', '顧客ID', '会員ID', 'ユーザーID', '顧客番号', '会員番号',
  ]),
  timestamp: timestampColumn('when it happened', [
    'event time', 'event_time', 'event timestamp', 'time', 'ts', 'date', 'datetime', 'invoice date', 'invoicedate',
    'order date', 'created at', 'created', 'processed at', 'occurred at', '日時', '日付', '注文日', '注文日時', '購入日',
  ]),
  event: textColumn('what happened (purchase, visit, start, cancel …)', ['event type', 'event name', 'type', 'action', 'status', 'イベント', '種別']),
  amount: numberColumn('revenue of the event (MRR for subscriptions)', [
    'revenue', 'total', 'sales', 'value', 'price', 'mrr', 'total price', 'order total', '金額', '売上', '合計金額',
  ]),
  order_id: textColumn('the order a row belongs to; rows of one order count once', [
    'order id', 'order', 'order number', 'invoice', 'invoice no', 'invoiceno', 'transaction id', '注文ID', '注文番号', '受注番号',
  ]),
});
export type EventRow = z.output<typeof EventRow>;
