import type { Dialect } from './dialect.js';
import { NO_HASHTAG } from '../schema/plans/derived-labels.js';

// A post's hashtags as SQL (derived-groups.ts's hashtagsOf and
// listedHashtags are the streaming form, social.md "@hashtag" the rule): a
// list of the distinct tags, lower-cased, or ['(none)']. URL tokens are cut
// out first; the tags are the runs after # or ＃ of letters, marks, decimal
// digits and _ that start with no mark. DuckDB's and ClickHouse's RE2 know
// Unicode's classes by name; PostgreSQL's regular expressions do not, so
// its classes are spelled out as ranges of the characters JavaScript's
// \p{L}, \p{M} and \p{Nd} match. The engines' own lower() differs from
// JavaScript's toLowerCase on a few letters (Turkish İ, Greek final σ).

/** JavaScript's \s (the whitespace a text's tokens are split on), as literal characters for a bracket expression. */
const SPACE = '\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

export function hashtagListSql(d: Dialect, text: string | undefined, listed: string | undefined): string {
  const { letter, mark, digit } = d.name === 'postgres' ? spelledOut() : { letter: '\\p{L}', mark: '\\p{M}', digit: '\\p{Nd}' };
  const tag = `[#＃]([${letter}${digit}_][${letter}${mark}${digit}_]*)`;
  const urls = `(?i)(^|[${SPACE}])(https?://|www[.])[^${SPACE}]*`;
  const parts: string[] = [];
  if (text !== undefined) parts.push(replaceAll(d, `coalesce(${d.text(text)}, '')`, urls, '\\1'));
  // A hashtags column's words, each a tag with or without its #: written as "#a #b" and read as text.
  if (listed !== undefined) parts.push(`'#' || ${replaceAll(d, replaceAll(d, `coalesce(${d.text(listed)}, '')`, '^[#＃]', ''), `[${SPACE},，、]+[#＃]?`, ' #')}`);
  const all = parts.join(` || ' ' || `);
  switch (d.name) {
    case 'postgres':
      return `coalesce(nullif(ARRAY(SELECT DISTINCT lower(m[1]) FROM regexp_matches(${all}, ${regex(d, tag)}, 'g') AS m), '{}'), ARRAY['${NO_HASHTAG}'])`;
    case 'clickhouse': {
      const tags = `arrayDistinct(arrayMap(m -> lowerUTF8(m[1]), extractAllGroupsVertical(${all}, ${regex(d, tag)})))`;
      return `if(empty(${tags}), ['${NO_HASHTAG}'], ${tags})`;
    }
    default:
      return `coalesce(nullif(list_distinct(list_transform(regexp_extract_all(${all}, ${regex(d, tag)}, 1), t -> lower(t))), []), ['${NO_HASHTAG}'])`;
  }
}

function replaceAll(d: Dialect, text: string, pattern: string, replacement: string): string {
  return d.name === 'clickhouse' ? `replaceRegexpAll(${text}, ${regex(d, pattern)}, ${regex(d, replacement)})` : `regexp_replace(${text}, ${regex(d, pattern)}, ${regex(d, replacement)}, 'g')`;
}

/** A regular expression as an SQL text: ClickHouse reads backslashes in its literals, the others do not. */
function regex(d: Dialect, pattern: string): string {
  const text = pattern.replaceAll("'", "''");
  return `'${d.name === 'clickhouse' ? text.replaceAll('\\', '\\\\') : text}'`;
}

let classes: { letter: string; mark: string; digit: string } | undefined;

/** The characters of \p{L}, \p{M} and \p{Nd} as ranges (made once, on first use). */
function spelledOut(): { letter: string; mark: string; digit: string } {
  classes ??= { letter: ranges(/\p{L}/u), mark: ranges(/\p{M}/u), digit: ranges(/\p{Nd}/u) };
  return classes;
}

function ranges(pattern: RegExp): string {
  let spelled = '';
  let start = -1;
  const close = (end: number) => {
    spelled += end === start ? String.fromCodePoint(start) : `${String.fromCodePoint(start)}-${String.fromCodePoint(end)}`;
    start = -1;
  };
  for (let code = 0; code <= 0x10ffff; code++) {
    const is = !(code >= 0xd800 && code <= 0xdfff) && pattern.test(String.fromCodePoint(code));
    if (is && start < 0) start = code;
    else if (!is && start >= 0) close(code - 1);
  }
  if (start >= 0) close(0x10ffff);
  return spelled;
}
