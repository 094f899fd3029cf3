import { Chalk } from 'chalk';

// Messages for people on stderr: notes, warnings and errors, one voice.

export interface Messenger {
  note(text: string): void;
  error(text: string, hints?: string[]): void;
  /** A transient line (progress), overwritten by the next one. */
  status(text: string): void;
  clearStatus(): void;
}

export function stderrMessenger(options: { color: boolean; quiet: boolean; stream: NodeJS.WritableStream }): Messenger {
  const stream = options.stream;
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  let statusShown = false;
  const clearStatus = (): void => {
    if (statusShown) stream.write('\r\x1b[2K');
    statusShown = false;
  };
  return {
    note(text) {
      // A warning (a fit at its edge, a split that does not match its weights) is said even with --quiet.
      if (text.startsWith('warning: ')) {
        clearStatus();
        stream.write(`${chalk.yellow('warning:')} ${text.slice('warning: '.length)}\n`);
        return;
      }
      if (options.quiet) return;
      clearStatus();
      stream.write(`${chalk.dim('note:')} ${text}\n`);
    },
    error(text, hints = []) {
      clearStatus();
      stream.write(`${chalk.red.bold('engage:')} ${text}\n`);
      for (const hint of hints) stream.write(`  ${chalk.dim(hint)}\n`);
    },
    status(text) {
      stream.write(`\r\x1b[2K${chalk.dim(text)}`);
      statusShown = true;
    },
    clearStatus,
  };
}
