import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { page, section } from '../../format/html/page.js';
import { render } from '../../format/render.js';
import { writeFileAtomically, writeStdout } from '../../io/write.js';
import { loadConfig } from '../../report/config.js';
import { starterConfig } from '../../report/init.js';
import { runReport } from '../../report/run-report.js';
import { option, parseOptions } from '../../metrics/options.js';
import { z } from 'zod';
import type { Terminal } from '../io.js';
import { chooseOutput, SummaryOutputOptions } from '../output-options.js';
import { throwFailedChecks } from '../run-metric.js';
import { addSchemaOptions, flagNames } from '../schema-options.js';

const DEFAULT_CONFIG = 'engage.config.json';

const EXAMPLES = `Examples:
  engage report examples/engage.config.json               several metrics over several inputs, from one config
  engage report examples/engage.config.json --quiet       for cron and CI: only errors, exit 1 when a check fails
  engage report examples/engage.config.json --html engage-out/report.html   every report on one page, with its chart
  cd fixtures && engage report --init && engage report    write a starter engage.config.json for a folder, run it
`;

const DETAILS = `
A config names inputs and reports (a metric, its input, its options, where to write it,
and failIf checks); see examples/engage.config.json and the README. Each input is read
once for all the reports that use it. Every table is written before the checks are
judged; a failed check is listed on stderr and the exit code is 1.
`;

const ReportOptions = SummaryOutputOptions.extend({
  init: option(z.boolean().default(false), { flag: '--init', help: `write a starter ${DEFAULT_CONFIG} for the data files of this folder` }),
  force: option(z.boolean().default(false), { flag: '--force', help: 'with --init, replace an existing config' }),
  html: option(z.string().min(1).optional(), { flag: '--html <file>', help: 'also write every report on one self-contained page (tables, charts, notes)' }),
});

export function reportCommand(terminal: Terminal): Command {
  const command = new Command('report')
    .summary('several metrics over several inputs, from one config')
    .description('Run every report of a config file (JSON with // comment lines), writing each table where it says.')
    .argument('[config]', `the config file (default ${DEFAULT_CONFIG})`);
  const input = addSchemaOptions(command, ReportOptions);
  command.option('--no-color', 'no colour, even on a terminal');
  command.addHelpText('before', EXAMPLES);
  command.addHelpText('after', DETAILS);
  command.action(async (config: string | undefined, raw: Record<string, unknown>) => {
    const options = parseOptions(ReportOptions, input(raw), flagNames(ReportOptions));
    const { format } = chooseOutput(options, Boolean(terminal.stdout.isTTY));
    if (options.init) {
      const path = config ?? DEFAULT_CONFIG;
      if (existsSync(path) && !options.force) throw new UsageError(`${path} exists already; pass --force to replace it`);
      const { text, skipped } = await starterConfig('.');
      await writeFileAtomically(path, text);
      terminal.messenger.note(`wrote ${path}; run it with: engage report${config ? ` ${config}` : ''}`);
      if (skipped.length > 0) terminal.messenger.note(`not recognised as posts, events or survey answers: ${skipped.join(', ')}`);
      return;
    }
    const loaded = await loadConfig(config ?? DEFAULT_CONFIG);
    const result = await runReport(loaded, { stdin: terminal.stdin });
    const doc = { command: 'report', table: result.summary, options: {}, inputs: [], notes: result.notes };
    if (options.html !== undefined) {
      const sections = result.outcomes.map((outcome) => section(outcome.doc, `${outcome.doc.table.title} — ${outcome.label}`));
      await writeFileAtomically(options.html, page(`engage report ${loaded.path}`, [section(doc, 'Reports'), ...sections]));
    }
    await writeStdout(render(doc, format, { color: terminal.color }), terminal.stdout);
    for (const outcome of result.outcomes) for (const note of outcome.doc.notes) terminal.messenger.note(`${outcome.label}: ${note}`);
    for (const note of result.notes) terminal.messenger.note(note);
    throwFailedChecks(result.outcomes.flatMap((o) => o.failures.map((f) => ({ ...f, row: `${o.label}, ${f.row}` }))));
  });
  return command;
}
