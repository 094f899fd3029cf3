import { isBlankSql, sqlString } from '../../sql/dialect.js';
import type { KeyedGroup } from '../../sql/keyed-sql.js';
import { hashtagListSql } from '../../sql/hashtags-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { BLANK_LABEL } from '../../schema/values.js';
import { FORMAT_WORDS, type DerivedGroup } from '../../schema/plans/derived-groups.js';
import type { WeekStart } from '../../time/periods.js';

// The derived groupings of engage rate as SQL (derived-groups.ts is the
// streaming form): the weekday and hour of the publishing time in --tz, the
// post type as one word. A weekday's label carries its place in the week
// ("1 Mon"), so that the labels sort in the week's order; the output shows
// the name. A post's hashtags are a list of labels (hashtags-sql.ts).

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function derivedGroupSql(name: string, derived: DerivedGroup, context: SqlContext, options: { tz: string; weekStart: WeekStart }): KeyedGroup {
  const d = context.dialect;
  if (derived === '@hashtag') {
    // The text's tags and a hashtags column's, as the streaming engine reads them; the text when the user named neither.
    const text = context.has('text') || !context.has('hashtags') ? context.column('text') : undefined;
    const listed = context.has('hashtags') ? context.column('hashtags') : undefined;
    return { name, column: text ?? listed!, labels: hashtagListSql(d, text, listed) };
  }
  if (derived === '@format') {
    const column = context.column('format');
    const squeezed = `replace(replace(replace(lower(trim(${d.text(column)})), ' ', ''), '_', ''), '-', '')`;
    const cases = FORMAT_WORDS.map(([format, words]) => `WHEN ${squeezed} IN (${words.map(sqlString).join(', ')}) THEN ${sqlString(format)}`).join(' ');
    return { name, column, label: `CASE WHEN ${isBlankSql(column)} THEN '${BLANK_LABEL}' ${cases} ELSE lower(trim(${d.text(column)})) END` };
  }
  const column = context.column('published_at');
  const local = d.local(column, options.tz);
  if (derived === '@hour') {
    const hour = `CAST(extract(hour FROM ${local}) AS INTEGER)`;
    return { name, column, label: `CASE WHEN ${column} IS NULL THEN NULL WHEN ${hour} < 10 THEN '0' || ${d.text(hour)} ELSE ${d.text(hour)} END` };
  }
  // Days since a Monday (1 January 2024), in the week: 0 is Monday.
  const monday = `(((CAST(${d.dayDiff(d.localLiteral('2024-01-01T00:00:00', options.tz), local)} AS INTEGER) % 7) + 7) % 7)`;
  const place = options.weekStart === 'sunday' ? `((${monday} + 1) % 7)` : monday;
  const label = `CASE ${WEEKDAYS.map((day, i) => `WHEN ${monday} = ${i} THEN ${sqlString(day)}`).join(' ')} END`;
  return { name, column, label: `CASE WHEN ${column} IS NULL THEN NULL ELSE ${d.text(place)} || ' ' || ${label} END`, show: (g) => `substr(${g}, 3)` };
}
