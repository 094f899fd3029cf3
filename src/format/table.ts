import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { OutputDocument, RenderStyle } from './document.js';
import { hasPartial, humanTable, UNDEFINED_MARK } from './human.js';

// The terminal table: a title, the formula, the rows, the overall row in bold.
export function renderTable(doc: OutputDocument, style: RenderStyle): string {
  const chalk = new Chalk({ level: style.color ? 1 : 0 });
  const { headers, rows, numeric } = humanTable(doc.table);
  const table = new Table({
    head: headers.map((h) => chalk.bold(h)),
    colAligns: numeric.map((n) => (n ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
  });
  rows.forEach((row, index) => {
    const overall = index === doc.table.overallRow;
    table.push(row.map((cell) => (cell === UNDEFINED_MARK ? chalk.dim(cell) : overall ? chalk.bold(cell) : cell)));
  });
  const lines = [chalk.bold(doc.table.title), chalk.dim(doc.table.formula), table.toString()];
  if (hasPartial(doc.table)) lines.push(chalk.dim('* partial period'));
  return `${lines.join('\n')}\n`;
}
