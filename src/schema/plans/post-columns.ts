import { DataError } from '../../errors.js';
import type { FileHeader } from '../../io/records.js';
import { findHeader, findNamedHeader, groupColumn, missingColumnError, specNamed, type ColumnSpec, type Resolution } from '../columns.js';
import { BASIS_COLUMNS, DEFAULT_INTERACTIONS, type Basis } from '../post.js';
import { derivedGroupOf, type DerivedGroup } from './derived-groups.js';

// Which columns of one file of posts are read, decided once from its header.

/** The column each derived grouping reads. */
const DERIVED_SOURCE: Record<DerivedGroup, string> = { '@weekday': 'published_at', '@hour': 'published_at', '@hashtag': 'text', '@format': 'format' };

export interface UsedColumn {
  /** Canonical name, or the header itself for a column outside the schema. */
  name: string;
  header: string;
  index: number;
}

/** A --group-by: a column's labels, or a grouping derived from the post (its source column, and a hashtags column beside the text). */
export interface GroupBy extends UsedColumn {
  derived?: DerivedGroup;
  listed?: UsedColumn;
}

export interface PostColumns {
  /** None when the basis comes from elsewhere (engage growth --posts: the account's followers). */
  basis: (UsedColumn & { name: Basis }) | undefined;
  interactions: UsedColumn[];
  publishedAt: UsedColumn | undefined;
  postId: UsedColumn | undefined;
  platform: UsedColumn | undefined;
  groups: GroupBy[];
  formula: string;
  /** Columns --interactions named more than once (counted once). */
  repeated: string[];
}

export function planPostColumns(
  file: FileHeader,
  resolution: Resolution,
  specs: readonly ColumnSpec[],
  options: { by?: Basis; interactions?: string[]; groupBy: string[]; accountBasis?: boolean },
  needsTimestamp: boolean,
): PostColumns {
  const used = (name: string): UsedColumn | undefined => {
    const column = resolution.columns.get(name);
    return column && { name, header: column.header, index: column.index };
  };
  const missing = (name: string, why: string): DataError => missingColumnError(file, specNamed(specs, name), why, undefined, resolution.refused);

  const basis = options.accountBasis ? undefined : basisColumn();

  const named = options.interactions
    ? once(options.interactions.map((name) => explicitInteraction(name, file, specs, resolution, used)))
    : { columns: defaultInteractions(used), repeated: [] };
  const interactions = named.columns;
  if (interactions.length === 0) {
    throw missing('likes', 'nor comments, shares, reposts, saves or engagements: nothing to count as interactions');
  }

  const publishedAt = used('published_at');
  if (needsTimestamp && publishedAt === undefined) {
    throw missing('published_at', 'needed by --period, --since and --until');
  }
  const groups = options.groupBy.map((name): GroupBy => {
    const derived = derivedGroupOf(name);
    if (derived === undefined) {
      const column = groupColumn(name, file.header, resolution, { file: file.file, line: file.headerLine });
      return { name, header: column.header, index: column.index };
    }
    const source = DERIVED_SOURCE[derived];
    const column = used(source) ?? (derived === '@hashtag' ? used('hashtags') : undefined);
    if (column === undefined) throw missing(source, `needed by --group-by ${derived}`);
    return { ...column, derived, listed: derived === '@hashtag' && column.name === 'text' ? used('hashtags') : undefined };
  });
  const sum = interactions.map((c) => c.name).join(' + ');
  const formula = `rate = ${interactions.length > 1 ? `(${sum})` : sum} / ${basis?.name ?? 'followers at posting time'}`;
  return {
    basis,
    interactions,
    publishedAt,
    postId: used('post_id'),
    platform: used('platform'),
    groups,
    formula,
    repeated: named.repeated,
  };

  function basisColumn(): UsedColumn & { name: Basis } {
    const basisName = options.by ?? BASIS_COLUMNS.find((name) => resolution.columns.has(name));
    if (basisName === undefined) {
      throw missing('reach', `and no other basis for a rate (${BASIS_COLUMNS.join(', ')}) either`);
    }
    const basis = used(basisName);
    if (basis === undefined) throw missing(basisName, `needed by --by ${basisName}`);
    return basis as UsedColumn & { name: Basis };
  }
}

function defaultInteractions(used: (name: string) => UsedColumn | undefined): UsedColumn[] {
  const present = DEFAULT_INTERACTIONS.map(used).filter((c): c is UsedColumn => c !== undefined);
  if (present.length > 0) return present;
  const engagements = used('engagements');
  return engagements ? [engagements] : [];
}

/**
 * A column --interactions names: a canonical name (likes, reposts); else a
 * header of the file, which means that column alone ("Reposts" is X's
 * Reposts, never its Shares); else an alias of a canonical column.
 */
function explicitInteraction(
  name: string,
  file: FileHeader,
  specs: readonly ColumnSpec[],
  resolution: Resolution,
  used: (name: string) => UsedColumn | undefined,
): UsedColumn {
  const counts = specs.filter((s) => s.kind === 'count');
  const canonical = counts.find((s) => s.name === name.trim().toLowerCase());
  if (canonical) {
    const column = used(canonical.name);
    if (column) return column;
    throw new DataError({ file: file.file, line: file.headerLine }, `--interactions names ${canonical.name}, which ${file.file} does not have`, [
      `accepted headers: ${[canonical.name, ...canonical.aliases].map((a) => `"${a}"`).join(', ')}`,
      `the file's columns: ${file.header.map((h) => `"${h}"`).join(', ')}`,
    ]);
  }
  const index = findNamedHeader(file.header, name);
  if (index !== undefined) {
    // Shown by its canonical name when the header is one, else by the header itself.
    const resolved = [...resolution.columns.values()].find((c) => c.index === index && counts.some((s) => s.name === c.name));
    return { name: resolved?.name ?? file.header[index], header: file.header[index], index };
  }
  const alias = counts.find((s) => findHeader(s.aliases, name) !== undefined);
  const column = alias && used(alias.name);
  if (column) return column;
  throw new DataError({ file: file.file, line: file.headerLine }, `--interactions names "${name}", which ${file.file} does not have`, [
    `the file's columns: ${file.header.map((h) => `"${h}"`).join(', ')}`,
  ]);
}

/** Each column once, in the order named: a column named twice (shares and "Shares") is counted once. */
function once(columns: UsedColumn[]): { columns: UsedColumn[]; repeated: string[] } {
  const seen = new Map<number, UsedColumn>();
  const repeated: string[] = [];
  for (const column of columns) {
    const first = seen.get(column.index);
    if (first === undefined) seen.set(column.index, column);
    else repeated.push(`"${column.header}"`);
  }
  return { columns: [...seen.values()], repeated };
}
