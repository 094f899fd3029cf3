import { BASIS_COLUMNS, DEFAULT_INTERACTIONS, type Basis } from '../../schema/post.js';
import { ROW_COLUMNS } from '../../schema/row-kinds.js';
import type { SqlContext } from '../../sql/sql-context.js';

// The posts engage rate's statements read (sql.ts for the rates, post-list-sql.ts for the listing).

/**
 * The rows of posts both forms count: the basis and the sum of the interactions (named, else the
 * defaults among the named columns), negative counts refused, X's deleted-post rows left out,
 * and (`timed`) a post without a date too.
 */
export function postRowsSql(options: { by?: Basis; interactions?: string[] }, context: SqlContext, timed: boolean): PostRowsSql & { basis: string } {
  const basisName = options.by ?? BASIS_COLUMNS.find((name) => context.has(name));
  if (basisName === undefined) {
    throw context.unnamed('no basis for the rate', `name it with --by (${BASIS_COLUMNS.join(', ')}) or list the table's columns with --columns`);
  }
  const basis = context.column(basisName);
  return { basis, ...postRows(options, context, timed, basis) };
}

/** The same rows without a basis of their own (engage growth --posts: the account's followers are the basis). */
export function postInteractionsSql(options: { interactions?: string[] }, context: SqlContext, timed: boolean): PostRowsSql {
  return postRows(options, context, timed, undefined);
}

interface PostRowsSql {
  interactionSum: string;
  where: string[];
  published: string | undefined;
}

function postRows(options: { interactions?: string[] }, context: SqlContext, timed: boolean, basis: string | undefined): PostRowsSql {
  const { dialect: d } = context;
  const counts = new Set(ROW_COLUMNS.posts.filter((c) => c.kind === 'count').map((c) => c.name));
  const named = options.interactions?.map((name) => (counts.has(name.toLowerCase()) ? name.toLowerCase() : name));
  const defaults = DEFAULT_INTERACTIONS.filter((name) => context.has(name));
  const interactions = [...new Set(named ?? (defaults.length > 0 ? defaults : context.has('engagements') ? ['engagements'] : []))];
  if (interactions.length === 0) {
    throw context.unnamed('no interactions to count', `name them with --interactions (e.g. likes,comments,shares) or list the table's columns with --columns`);
  }
  const columns = interactions.map((name) => (counts.has(name) ? context.column(name) : context.groupColumn(name)));
  const counted = basis === undefined ? columns : [basis, ...columns];
  const published = timed ? context.column('published_at') : undefined;
  const bad = counted.map((c) => `${c} < 0`).join(' OR ');

  const where = [d.refuse(bad, `'engage: a count is negative: ' || ${d.text(`${counted.map((c) => `coalesce(${c}, 0)`).join(' || \',\' || ')}`)}`)];
  // A post without a date has no period: left out where periods or the window need one.
  if (published) where.push(`${published} IS NOT NULL`);
  if (context.has('post_id')) {
    // X writes a row for each deleted post: no id, no date, no counts. It is no post.
    const id = context.column('post_id');
    const date = context.has('published_at') || published ? ` AND ${context.column('published_at')} IS NULL` : '';
    where.push(`NOT (${id} IS NULL${date} AND ${counted.map((c) => `coalesce(${c}, 0) = 0`).join(' AND ')})`);
  }
  const interactionSum = columns.map((c) => `coalesce(${c}, 0)`).join(' + ');
  return { interactionSum, where, published };
}
