import { DataError } from '../../errors.js';
import type { FileHeader } from '../../io/records.js';
import { findHeader, groupColumn, missingColumnError, specNamed, type ColumnSpec, type Resolution } from '../columns.js';
import { BASIS_COLUMNS, DEFAULT_INTERACTIONS, type Basis } from '../post.js';

// Which columns of one file of posts are read, decided once from its header.

export interface UsedColumn {
  /** Canonical name, or the header itself for a column outside the schema. */
  name: string;
  header: string;
  index: number;
}

export interface PostColumns {
  basis: UsedColumn & { name: Basis };
  interactions: UsedColumn[];
  publishedAt: UsedColumn | undefined;
  postId: UsedColumn | undefined;
  platform: UsedColumn | undefined;
  groups: UsedColumn[];
  formula: string;
}

export function planPostColumns(
  file: FileHeader,
  resolution: Resolution,
  specs: readonly ColumnSpec[],
  options: { by?: Basis; interactions?: string[]; groupBy: string[] },
  needsTimestamp: boolean,
): PostColumns {
  const used = (name: string): UsedColumn | undefined => {
    const column = resolution.columns.get(name);
    return column && { name, header: column.header, index: column.index };
  };
  const missing = (name: string, why: string): DataError => missingColumnError(file, specNamed(specs, name), why);

  const basisName = options.by ?? BASIS_COLUMNS.find((name) => resolution.columns.has(name));
  if (basisName === undefined) {
    throw missing('reach', `and no other basis for a rate (${BASIS_COLUMNS.join(', ')}) either`);
  }
  const basis = used(basisName);
  if (basis === undefined) throw missing(basisName, `needed by --by ${basisName}`);

  const interactions = options.interactions
    ? options.interactions.map((name) => explicitInteraction(name, file, specs, used))
    : defaultInteractions(used);
  if (interactions.length === 0) {
    throw missing('likes', 'nor comments, shares, saves or engagements: nothing to count as interactions');
  }

  const publishedAt = used('published_at');
  if (needsTimestamp && publishedAt === undefined) {
    throw missing('published_at', 'needed by --period, --since and --until');
  }
  const groups = options.groupBy.map((name): UsedColumn => {
    const column = groupColumn(name, file.header, resolution, { file: file.file, line: file.headerLine });
    return { name, header: column.header, index: column.index };
  });
  const sum = interactions.map((c) => c.name).join(' + ');
  const formula = `rate = ${interactions.length > 1 ? `(${sum})` : sum} / ${basis.name}`;
  return {
    basis: basis as UsedColumn & { name: Basis },
    interactions,
    publishedAt,
    postId: used('post_id'),
    platform: used('platform'),
    groups,
    formula,
  };
}

function defaultInteractions(used: (name: string) => UsedColumn | undefined): UsedColumn[] {
  const present = DEFAULT_INTERACTIONS.map(used).filter((c): c is UsedColumn => c !== undefined);
  if (present.length > 0) return present;
  const engagements = used('engagements');
  return engagements ? [engagements] : [];
}

function explicitInteraction(
  name: string,
  file: FileHeader,
  specs: readonly ColumnSpec[],
  used: (name: string) => UsedColumn | undefined,
): UsedColumn {
  // A canonical name or one of its aliases ("comment" → comments) …
  const spec = specs.find((s) => s.kind === 'count' && findHeader([s.name, ...s.aliases], name) !== undefined);
  if (spec) {
    const column = used(spec.name);
    if (column) return column;
  }
  // … or any numeric header of the file, e.g. "Link clicks" or "Reactions".
  const index = findHeader(file.header, name);
  if (index !== undefined) return { name: file.header[index], header: file.header[index], index };
  throw new DataError({ file: file.file, line: file.headerLine }, `--interactions names "${name}", which ${file.file} does not have`, [
    `the file's columns: ${file.header.map((h) => `"${h}"`).join(', ')}`,
  ]);
}
