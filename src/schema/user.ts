import { z } from 'zod';
import { countColumn, numberColumn, textColumn } from './columns.js';

// One row per user of an experiment (their variant and what was measured of
// them, in columns --metric names), or, with --summary, one row per variant
// of the sums a warehouse computed (experiments.md "What goes in").

export const UserRow = z.object({
  user_id: textColumn('who the row is about', ['user', 'user id', 'userid', 'customer id', 'customer_id', 'visitor id', 'anonymous id', 'distinct id']),
  variant: textColumn('the arm of the experiment the user was in', [
    'variation', 'variation id', 'variation_id', 'arm', 'group', 'experiment group', 'test group', 'bucket', 'treatment', 'version', 'experiment variant', 'バリアント', 'パターン',
  ]),
  users: countColumn('with --summary: the users of the variant', ['exposed users', 'units']),
  sum: numberColumn('with --summary: Σ of the metric over the variant’s users (converted users for a proportion)', ['metric sum', 'main sum']),
  sum_squares: numberColumn('with --summary: Σ of the squared metric (none for a proportion)', ['sum of squares', 'main sum squares', 'sum_sq']),
  covariate_sum: numberColumn('with --summary: Σ of the pre-period covariate (CUPED)', ['covariate sum', 'pre sum']),
  covariate_sum_squares: numberColumn('with --summary: Σ of the squared covariate', ['covariate sum squares', 'pre sum squares']),
  sum_products: numberColumn('with --summary: Σ metric × covariate', ['sum of products', 'post pre sum of products']),
});
export type UserRow = z.output<typeof UserRow>;
