import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { OutputDocument, RenderStyle } from './document.js';
import { hasPartial, humanTable, UNDEFINED_MARK } from './human.js';
import { chartLines } from './terminal-charts.js';

// The terminal table: a title, the formula, the rows, the overall row in bold;
// in colour, the retention heatmap and the pictures under a table.
export function renderTable(doc: OutputDocument, style: RenderStyle): string {
  const chalk = new Chalk({ level: style.color ? 1 : 0 });
  const { headers, rows, numeric, values, types } = humanTable(doc.table);
  const table = new Table({
    head: headers.map((h) => chalk.bold(h)),
    colAligns: numeric.map((n) => (n ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
  });
  rows.forEach((row, index) => {
    const overall = index === doc.table.overallRow;
    table.push(
      row.map((cell, column) => {
        if (cell === UNDEFINED_MARK) return chalk.dim(cell);
        const value = values[index][column];
        if (doc.table.shade && types[column] === 'rate' && typeof value === 'number') return shade(chalk, value)(cell);
        return overall ? chalk.bold(cell) : cell;
      }),
    );
  });
  const lines = [chalk.bold(doc.table.title), chalk.dim(doc.table.formula), table.toString()];
  if (hasPartial(doc.table)) lines.push(chalk.dim('* partial period'));
  // Pictures only where colours are: a terminal, without --no-color or NO_COLOR.
  const charts = style.color ? chartLines(doc.table) : undefined;
  if (charts) lines.push('', ...charts.map((line) => chalk.cyan(line)));
  return `${lines.join('\n')}\n`;
}

/** Heatmap shading of a share in five steps, from no background to bright cyan. */
function shade(chalk: InstanceType<typeof Chalk>, share: number): (text: string) => string {
  if (share >= 0.8) return chalk.bgCyanBright.black;
  if (share >= 0.6) return chalk.bgCyan.black;
  if (share >= 0.4) return chalk.bgBlue.white;
  if (share >= 0.2) return chalk.bgBlackBright.white;
  return (text) => text;
}
