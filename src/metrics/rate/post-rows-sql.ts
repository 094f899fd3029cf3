import { BASIS_COLUMNS, DEFAULT_INTERACTIONS } from '../../schema/post.js';
import { ROW_COLUMNS } from '../../schema/row-kinds.js';
import type { SqlContext } from '../../sql/sql-context.js';
import type { RateOptions } from './options.js';

// The posts engage rate's statements read (sql.ts for the rates, post-list-sql.ts for the listing).

/**
 * The rows of posts both forms count: the basis and the sum of the interactions (named, else the
 * defaults among the named columns), negative counts refused, X's deleted-post rows left out,
 * and (`timed`) a post without a date too.
 */
export function postRowsSql(options: RateOptions, context: SqlContext, timed: boolean): { basis: string; interactionSum: string; where: string[]; published: string | undefined } {
  const { dialect: d } = context;
  const counts = new Set(ROW_COLUMNS.posts.filter((c) => c.kind === 'count').map((c) => c.name));
  const basisName = options.by ?? BASIS_COLUMNS.find((name) => context.has(name));
  if (basisName === undefined) {
    throw context.unnamed('no basis for the rate', `name it with --by (${BASIS_COLUMNS.join(', ')}) or list the table's columns with --columns`);
  }
  const named = options.interactions?.map((name) => (counts.has(name.toLowerCase()) ? name.toLowerCase() : name));
  const defaults = DEFAULT_INTERACTIONS.filter((name) => context.has(name));
  const interactions = [...new Set(named ?? (defaults.length > 0 ? defaults : context.has('engagements') ? ['engagements'] : []))];
  if (interactions.length === 0) {
    throw context.unnamed('no interactions to count', `name them with --interactions (e.g. likes,comments,shares) or list the table's columns with --columns`);
  }
  const basis = context.column(basisName);
  const columns = interactions.map((name) => (counts.has(name) ? context.column(name) : context.groupColumn(name)));
  const published = timed ? context.column('published_at') : undefined;
  const bad = [basis, ...columns].map((c) => `${c} < 0`).join(' OR ');

  const where = [d.refuse(bad, `'engage: a count is negative: ' || ${d.text(`${[basis, ...columns].map((c) => `coalesce(${c}, 0)`).join(' || \',\' || ')}`)}`)];
  // A post without a date has no period: left out where periods or the window need one.
  if (published) where.push(`${published} IS NOT NULL`);
  if (context.has('post_id')) {
    // X writes a row for each deleted post: no id, no date, no counts. It is no post.
    const id = context.column('post_id');
    const date = context.has('published_at') || published ? ` AND ${context.column('published_at')} IS NULL` : '';
    where.push(`NOT (${id} IS NULL${date} AND ${[basis, ...columns].map((c) => `coalesce(${c}, 0) = 0`).join(' AND ')})`);
  }
  const interactionSum = columns.map((c) => `coalesce(${c}, 0)`).join(' + ');
  return { basis, interactionSum, where, published };
}
