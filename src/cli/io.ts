import type { Messenger } from '../ui/stderr.js';

// The process around a run, passed in so that the CLI runs the same in a
// test as in a terminal: streams, environment, and what follows from them.

export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** What a command needs of its surroundings once the flags decided colour and quiet. */
export interface Terminal {
  stdin: CliIo['stdin'];
  stdout: CliIo['stdout'];
  messenger: Messenger;
  /** Colour on stdout. */
  color: boolean;
  showProgress: boolean;
}
