import { columnSpecs, type ColumnSpec } from './columns.js';
import { EventRow } from './event.js';
import { PostRow } from './post.js';
import { ResponseRow } from './response.js';

// The three kinds of row a metric reads, each with its canonical columns:
// social posts, customer events and survey answers.

export const ROW_KINDS = ['posts', 'events', 'answers'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export const ROW_COLUMNS: Record<RowKind, readonly ColumnSpec[]> = {
  posts: columnSpecs(PostRow),
  events: columnSpecs(EventRow),
  answers: columnSpecs(ResponseRow),
};
