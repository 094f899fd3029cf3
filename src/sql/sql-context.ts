import { UsageError } from '../errors.js';
import { parseMapOptions } from '../schema/columns.js';
import { ROW_COLUMNS, type RowKind } from '../schema/row-kinds.js';
import { PeriodUnit, type WeekStart } from '../time/periods.js';
import { timeWindow } from '../schema/window.js';
import { TimeZone } from '../time/zone.js';
import type { CompareSql } from './compare-sql.js';
import { DialectName, sqlName, type Dialect } from './dialect.js';
import { dialectNamed } from './dialects.js';
import { PeriodsSql } from './periods-sql.js';

// What a metric's SQL form is written against: the dialect, the table, and
// its columns. SQL cannot look at a table before it runs, so a column is
// referred to only when the definition needs it or the user named it (by
// --map, by an option, or in --columns): never a guess.

/** What a statement is written against: the dialect, the table, the columns named, the last retention offset, --compare's figures. */
export interface SqlContextOptions {
  dialect: DialectName;
  table?: string;
  columns: string[];
  maxOffset?: number;
  map?: string[];
  compare?: CompareSql;
  /** Tables a metric reads beside its own (engage growth --posts), by the option that names them. */
  companions?: Record<string, { rows: RowKind; table: string; columns: string[]; map?: string[] }>;
}

export class SqlContext {
  readonly dialect: Dialect;
  readonly table: string;
  /** The last offset a cohort triangle's statement has a column for. */
  readonly maxOffset: number;
  /** --compare: the figures whose change the statement adds (from the metric's table), if any. */
  readonly compare: CompareSql | undefined;
  private readonly map: Map<string, string>;
  private readonly named: Set<string>;
  private readonly companions: SqlContextOptions['companions'];

  constructor(
    readonly metric: string,
    rows: RowKind,
    options: SqlContextOptions,
  ) {
    this.dialect = dialectNamed(options.dialect);
    this.maxOffset = options.maxOffset ?? 24;
    this.compare = options.compare;
    this.table = (options.table ?? rows).split('.').map(sqlName).join('.');
    this.map = parseMapOptions(options.map ?? [], ROW_COLUMNS[rows]);
    this.named = new Set([...options.columns, ...this.map.keys()]);
    this.companions = options.companions;
  }

  /** The context of a table read beside this one (the posts of --posts), with its own columns; undefined when none was given. */
  companion(option: string): SqlContext | undefined {
    const given = this.companions?.[option];
    return given && new SqlContext(this.metric, given.rows, { dialect: this.dialect.name, table: given.table, columns: given.columns, map: given.map });
  }

  /**
   * A column the definition needs: its name in the table (canonical, or as --map names it),
   * quoted; or the product --map makes of the table's columns (amount="Quantity*UnitPrice").
   */
  column(canonical: string): string {
    const header = this.map.get(canonical) ?? canonical;
    if (!header.includes('*')) return sqlName(header);
    return `(${header.split('*').map((factor) => this.dialect.double(sqlName(factor.trim()))).join(' * ')})`;
  }

  /** Whether the user named this optional column (by --map or --columns). */
  has(canonical: string): boolean {
    return this.named.has(canonical);
  }

  /** The table's column of a --group-by, as the user wrote it (or a canonical name it maps). */
  groupColumn(name: string): string {
    return sqlName(this.map.get(name) ?? name);
  }

  /** Calendar periods of a metric's --period, in --tz with --week-start. */
  periods(unit: PeriodUnit | undefined, tz: string, weekStart: WeekStart): PeriodsSql | undefined {
    new TimeZone(tz); // refuses an unknown zone as the streaming engine does
    return unit === undefined ? undefined : new PeriodsSql(this.dialect, unit, tz, weekStart);
  }

  /** --since and --until as instants (read in --tz when they have no offset), as the streaming engine reads them. */
  window(options: { since?: string; until?: string; tz: string }): { since: number; until: number } {
    return timeWindow(options, new TimeZone(options.tz));
  }

  /** What every keyed table's statement takes from a metric's options: the table, periods, window and groups. */
  keyedBase(options: { period?: PeriodUnit; tz: string; weekStart: WeekStart; since?: string; until?: string; groupBy: string[] }) {
    return {
      dialect: this.dialect,
      from: this.table,
      periods: this.periods(options.period, options.tz, options.weekStart),
      ...this.window(options),
      groups: options.groupBy.map((name) => ({ name, column: this.groupColumn(name) })),
      compare: this.compare,
    };
  }

  /** A usage error for a column the SQL would need and nobody named. */
  unnamed(what: string, hint: string): UsageError {
    return new UsageError(`engage sql ${this.metric}: ${what}`, [hint]);
  }
}

export { PeriodUnit };
