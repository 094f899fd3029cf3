import type { OutputDocument } from '../document.js';
import { hasPartial, humanTable } from '../human.js';
import { chartOf } from './charts.js';
import { el, esc } from './markup.js';

// --format html: one self-contained page (no script, no font, no request of
// any kind: styles inline, charts as inline SVG) that opens from a mail
// attachment or a CI artifact. Each table is a real <table> with its formula
// and notes, its chart beside it. The same document gives the same bytes.

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; --accent: #0969da;
  --s0: #0969da; --s1: #8250df; --s2: #bf3989; --s3: #9a6700; --s4: #1a7f37; --s5: #cf222e; --s6: #0550ae; --s7: #6e7781; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #30363d; --accent: #4493f8;
  --s0: #4493f8; --s1: #ab7df8; --s2: #f778ba; --s3: #d29922; --s4: #3fb950; --s5: #f85149; --s6: #79c0ff; --s7: #9198a1; } }
@media print { :root { --fg: #000; --muted: #333; --bg: #fff; --line: #999; } section { break-inside: avoid; } }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 16px; } h2 { font-size: 18px; margin: 32px 0 4px; }
.formula { color: var(--muted); margin: 0 0 12px; }
.chart { max-width: 100%; height: auto; display: block; margin: 8px 0 16px; }
.chart text { fill: var(--muted); font-size: 11px; } .chart text.strong { font-weight: 600; fill: var(--fg); }
.chart .axis-line { stroke: var(--line); } .chart .cell { fill: var(--accent); } .chart .cell.partial { stroke: var(--fg); stroke-dasharray: 2 2; }
.chart .line { stroke-width: 2; fill: none; } .chart .line.partial { stroke-dasharray: 4 3; } .chart .point { stroke-width: 2; } .chart .point.partial { fill: var(--bg); }
${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `.chart .s${i} { fill: var(--s${i}); stroke: var(--s${i}); } .chart text.s${i} { fill: var(--s${i}); stroke: none; }`).join('\n')}
.chart rect.partial { fill-opacity: 0.45; stroke-dasharray: 3 2; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
thead th, tbody th { text-align: left; } thead th { border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; } tr.overall td, tr.overall th { font-weight: 600; }
tr.partial td, tr.partial th { color: var(--muted); }
.notes { color: var(--muted); padding-left: 18px; }
`;

/** A page of one document, or (engage report --html) of several. */
export function renderHtml(doc: OutputDocument): string {
  return page(doc.table.title, [section(doc)]);
}

export function page(title: string, sections: string[]): string {
  const head = `<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style>`;
  return `<!doctype html>\n<html lang="en">\n<head>${head}</head>\n<body><main>\n${sections.join('\n')}\n</main></body>\n</html>\n`;
}

/** One table: its title, formula, chart, the table itself and the notes. */
export function section(doc: OutputDocument, heading = doc.table.title): string {
  const { table } = doc;
  const { headers, rows, numeric } = humanTable(table);
  const partialAt = table.columns.findIndex((c) => c.name === table.partialColumn);
  const partialRows = new Set(partialAt < 0 ? [] : table.rows.flatMap((row, r) => (row[partialAt] === true ? [r] : [])));
  const head = el('thead', {}, el('tr', {}, ...headers.map((h, i) => el('th', { scope: 'col', class: numeric[i] ? 'num' : undefined }, esc(h)))));
  const body = el(
    'tbody',
    {},
    ...rows.map((row, r) =>
      el(
        'tr',
        { class: [r === table.overallRow ? 'overall' : '', partialRows.has(r) ? 'partial' : ''].filter(Boolean).join(' ') || undefined },
        ...row.map((cell, i) => (i === 0 && !numeric[0] ? el('th', { scope: 'row' }, esc(cell)) : el('td', { class: numeric[i] ? 'num' : undefined }, esc(cell)))),
      ),
    ),
  );
  const caption = el('caption', {}, esc(`${table.title}${hasPartial(table) ? ' (* partial period)' : ''}`));
  const chart = chartOf(table) ?? '';
  const notes = doc.notes.length > 0 ? el('ul', { class: 'notes' }, ...doc.notes.map((note) => el('li', {}, esc(note)))) : '';
  return el('section', {}, el('h2', {}, esc(heading)), el('p', { class: 'formula' }, esc(table.formula)), chart, el('div', { class: 'table-wrap' }, el('table', {}, caption, head, body)), notes);
}
