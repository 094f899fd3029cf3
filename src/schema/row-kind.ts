// The kinds of row a metric reads: social posts, customer events, survey
// answers, the users of an experiment, subscription events and accounts' days. Apart from their columns (row-kinds.ts), so that what names
// a kind (a known export) needs no column of it.

export const ROW_KINDS = ['posts', 'events', 'answers', 'users', 'subscriptions', 'accounts'] as const;
export type RowKind = (typeof ROW_KINDS)[number];
