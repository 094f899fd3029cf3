import type { OutputDocument } from './document.js';
import { hasPartial, humanTable } from './human.js';

// GitHub-flavoured Markdown, for CI job summaries and chat messages.
export function renderMarkdown(doc: OutputDocument): string {
  const { headers, rows, numeric } = humanTable(doc.table);
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  const out = [`### ${doc.table.title}`, '', `_${escape(doc.table.formula)}_`, '', line(headers)];
  out.push(`|${numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`);
  rows.forEach((row, index) => out.push(line(index === doc.table.overallRow ? row.map((c) => (c ? `**${c}**` : c)) : row)));
  if (hasPartial(doc.table)) out.push('', '\\* partial period');
  return `${out.join('\n')}\n`;
}
