import { Command, CommanderError } from 'commander';
import { ExitCode, isEngageError, UsageError } from '../errors.js';
import { METRICS, metricNamed } from '../metrics/registry.js';
import { useColor } from '../ui/color.js';
import { stderrMessenger } from '../ui/stderr.js';
import { columnsCommand } from './commands/columns.js';
import { reportCommand } from './commands/report.js';
import { sqlCommand } from './commands/sql.js';
import type { CliIo, Terminal } from './io.js';
import { metricCommand } from './metric-command.js';

// The CLI as a function: arguments and streams in, an exit code out. It is
// the one place that turns outcomes into exit codes and error text; stack
// traces appear only with --debug. bin/engage.js owns the process (signals,
// a closed stdout, process.exitCode).

const VERSION = '0.1.0';

const EXIT_CODES =
  'Exit codes: 0 ok · 1 a --fail-if check failed · 2 usage error · 65 bad data · 66 input missing · 74 cannot write output · 70 an internal fault (a bug: please report it) · 130 interrupted';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const colorFlag = !args.includes('--no-color');
  const quiet = args.includes('--quiet') || args.includes('-q');
  const messenger = stderrMessenger({ color: useColor({ isTTY: Boolean(io.stderr.isTTY), env: io.env, flag: colorFlag }), quiet, stream: io.stderr });
  const terminal: Terminal = {
    stdin: io.stdin,
    stdout: io.stdout,
    messenger,
    color: useColor({ isTTY: Boolean(io.stdout.isTTY), env: io.env, flag: colorFlag }),
    showProgress: Boolean(io.stderr.isTTY) && !quiet && !isCi(io.env),
  };
  const program = buildProgram(terminal, io, args[0]);
  if (args.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    refuseUnsupportedFlags(args);
    await program.parseAsync(args, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end here too, with code 0; commander already printed them.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (isEngageError(error)) {
      messenger.error(error.message, error.hints);
      if (debug) io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    messenger.error(`internal fault: ${(error as Error)?.message ?? String(error)}`, debug ? [] : ['this is a bug in engage: run again with --debug and please report what it prints']);
    if (debug) io.stderr.write(`${(error as Error)?.stack}\n`);
    return ExitCode.internal;
  }
}

/** The commands besides the metrics'. */
const OTHER_COMMANDS = new Map<string, (terminal: Terminal) => Command>([
  ['report', reportCommand],
  ['columns', columnsCommand],
  ['sql', sqlCommand],
]);

/**
 * The program, with only the command run when `first` names one: setting up
 * every command's options took a tenth of a run on a small file. Help, and
 * a first argument that names no command, get every command.
 */
function buildProgram(terminal: Terminal, io: CliIo, first: string | undefined): Command {
  // A Map, not an object's keys: `engage toString` names no command.
  const named = first !== undefined && (metricNamed(first) !== undefined || OTHER_COMMANDS.has(first));
  const wanted = (name: string): boolean => !named || name === first;
  const program = new Command('engage')
    .description('Engagement numbers from the exports you already have.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text), outputError: (text, write) => write(text) })
    .addHelpText('before', `Examples:
  engage rate fixtures/posts.csv                 engagement rate of the posts: pooled, mean and median
  engage rate fixtures/posts.csv --group-by platform --period month
  engage columns fixtures/posts.csv              how each header of an export is understood
`)
    .addHelpText('after', `
${EXIT_CODES}
Add --debug to any command for a stack trace. Help on one command: engage help rate`);
  for (const spec of METRICS) if (wanted(spec.name)) program.addCommand(metricCommand(spec, terminal));
  for (const [name, command] of OTHER_COMMANDS) if (wanted(name)) program.addCommand(command(terminal));
  program.exitOverride();
  // Every command, and the subcommands of engage sql, ends in an exit code returned here, never process.exit.
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program).slice(1)) {
    command.exitOverride();
    command.configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text), outputError: (text, write) => write(text) });
  }
  return program;
}

/** A flag a metric does not take, with the reason its spec gives, before anything is read. */
function refuseUnsupportedFlags(args: string[]): void {
  const spec = metricNamed(args[0]);
  if (spec?.refuses === undefined) return;
  const end = args.indexOf('--');
  for (const arg of end < 0 ? args : args.slice(0, end)) {
    const reason = spec.refuses[arg.split('=')[0]];
    if (reason !== undefined) throw new UsageError(`engage ${spec.name} has no ${arg.split('=')[0]}: ${reason}`);
  }
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}
