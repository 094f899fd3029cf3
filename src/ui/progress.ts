import type { Messenger } from './stderr.js';

// A progress line for long reads on a terminal (CONVENTIONS.md 6): silent for
// the first second and never redrawn more than five times a second.

const QUIET_PERIOD_MS = 1000;
const REDRAW_MS = 200;

export interface Progress {
  startFile(name: string, size: number | undefined): void;
  bytes(count: number): void;
  done(): void;
}

export function progressLine(messenger: Messenger, enabled: boolean, now = () => Date.now()): Progress {
  const started = now();
  let lastDraw = 0;
  let name = '';
  let size: number | undefined;
  let read = 0;
  return {
    startFile(file, fileSize) {
      name = file;
      size = fileSize;
      read = 0;
    },
    bytes(count) {
      read += count;
      if (!enabled) return;
      const time = now();
      if (time - started < QUIET_PERIOD_MS || time - lastDraw < REDRAW_MS) return;
      lastDraw = time;
      const mb = (read / 1e6).toFixed(0);
      const share = size ? ` ${Math.min(100, Math.floor((read / size) * 100))}%` : '';
      messenger.status(`reading ${name}${share} (${mb} MB)`);
    },
    done() {
      if (enabled) messenger.clearStatus();
    },
  };
}
