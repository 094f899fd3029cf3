import { Command, CommanderError } from 'commander';
import { ExitCode, isEngageError } from '../errors.js';
import { removePendingTemporaries } from '../io/write.js';
import { useColor } from '../ui/color.js';
import { stderrMessenger } from '../ui/stderr.js';
import { columnsCommand } from './commands/columns.js';
import { rateCommand } from './commands/rate.js';
import { cesCommand } from './commands/ces.js';
import { churnCommand } from './commands/churn.js';
import { csatCommand } from './commands/csat.js';
import { funnelCommand } from './commands/funnel.js';
import { lifecycleCommand } from './commands/lifecycle.js';
import { npsCommand } from './commands/nps.js';
import { repeatCommand } from './commands/repeat.js';
import { reportCommand } from './commands/report.js';
import { retentionCommand } from './commands/retention.js';
import { stickinessCommand } from './commands/stickiness.js';
import type { Terminal } from './options.js';

// The one place that turns outcomes into exit codes and error text. Stack
// traces appear only with --debug.

const VERSION = '0.1.0';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const stdout = process.stdout;
  const color = useColor({ isTTY: Boolean(stdout.isTTY), env, flag: !args.includes('--no-color') });
  const quiet = args.includes('--quiet') || args.includes('-q');
  const messenger = stderrMessenger({ color: useColor({ isTTY: Boolean(process.stderr.isTTY), env, flag: !args.includes('--no-color') }), quiet });
  const showProgress = Boolean(process.stderr.isTTY) && !quiet && !isCi(env);
  const terminal: Terminal = { stdin: process.stdin, stdout, messenger, color, showProgress };

  const program = new Command('engage')
    .description('Engagement numbers from the exports you already have.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(text) })
    .addHelpText('before', `Examples:
  engage rate fixtures/posts.csv                 engagement rate of the posts: pooled, mean and median
  engage rate fixtures/posts.csv --group-by platform --period month
  engage columns fixtures/posts.csv              how each header of an export is understood
`)
    .addHelpText('after', `
Exit codes: 0 ok · 1 a --fail-if check failed · 2 usage error · 65 bad data · 66 input missing · 74 cannot write output · 130 interrupted
Add --debug to any command for a stack trace. Help on one command: engage help rate`);
  program.addCommand(rateCommand(terminal));
  program.addCommand(repeatCommand(terminal));
  program.addCommand(churnCommand(terminal));
  program.addCommand(retentionCommand(terminal));
  program.addCommand(stickinessCommand(terminal));
  program.addCommand(lifecycleCommand(terminal));
  program.addCommand(funnelCommand(terminal));
  program.addCommand(npsCommand(terminal));
  program.addCommand(csatCommand(terminal));
  program.addCommand(cesCommand(terminal));
  program.addCommand(reportCommand(terminal));
  program.addCommand(columnsCommand(terminal));
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();

  if (args.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end here too, with code 0; commander already printed them.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (isEngageError(error)) {
      messenger.error(error.message, error.hints);
      if (debug) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    messenger.error(`unexpected failure: ${(error as Error)?.message ?? String(error)}`, debug ? [] : ['run again with --debug for details, and please report it']);
    if (debug) process.stderr.write(`${(error as Error)?.stack}\n`);
    return 70;
  }
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

process.on('SIGINT', () => {
  removePendingTemporaries();
  process.exit(ExitCode.interrupted);
});
// `engage … | head`: the reader left; that is the user's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.ok);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
