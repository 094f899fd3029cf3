import { columnSpecs, type ColumnSpec } from './columns.js';
import { EventRow } from './event.js';
import { PostRow } from './post.js';
import { ResponseRow } from './response.js';
import { SubscriptionRow } from './subscription.js';
import { UserRow } from './user.js';
import { AccountRow } from './account.js';

// The kinds of row a metric reads, each with its canonical columns: social
// posts, customer events, survey answers and an experiment's users.

import { ROW_KINDS, type RowKind } from './row-kind.js';

export { ROW_KINDS, type RowKind };

export const ROW_COLUMNS: Record<RowKind, readonly ColumnSpec[]> = {
  posts: columnSpecs(PostRow),
  events: columnSpecs(EventRow),
  answers: columnSpecs(ResponseRow),
  users: columnSpecs(UserRow),
  subscriptions: columnSpecs(SubscriptionRow),
  accounts: columnSpecs(AccountRow),
};
