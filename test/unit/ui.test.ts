import { describe, expect, it } from 'vitest';
import { engage } from '../helpers/cli.js';
import { useColor } from '../../src/ui/color.js';
import { progressLine } from '../../src/ui/progress.js';
import type { Messenger } from '../../src/ui/stderr.js';

function recorder(): Messenger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    note: (text) => lines.push(`note ${text}`),
    error: (text) => lines.push(`error ${text}`),
    status: (text) => lines.push(`status ${text}`),
    clearStatus: () => lines.push('clear'),
  };
}

describe('progress line', () => {
  it('stays silent for the first second, then redraws at most five times a second', () => {
    let now = 0;
    const messenger = recorder();
    const progress = progressLine(messenger, true, () => now);
    progress.startFile('big.csv', 1_000_000_000);
    progress.bytes(100_000_000);
    expect(messenger.lines).toEqual([]);
    now = 1_500;
    progress.bytes(150_000_000);
    now = 1_600;
    progress.bytes(10_000_000);
    now = 1_750;
    progress.bytes(10_000_000);
    progress.done();
    expect(messenger.lines).toEqual(['status reading big.csv 25% (250 MB)', 'status reading big.csv 27% (270 MB)', 'clear']);
  });

  it('prints nothing when disabled (not a terminal, --quiet or CI)', () => {
    let now = 0;
    const messenger = recorder();
    const progress = progressLine(messenger, false, () => now);
    now = 5_000;
    progress.bytes(1);
    progress.done();
    expect(messenger.lines).toEqual([]);
  });
});

describe('colour decision', () => {
  it('follows the terminal, NO_COLOR, TERM=dumb, --no-color and FORCE_COLOR', () => {
    expect(useColor({ isTTY: true, env: {}, flag: true })).toBe(true);
    expect(useColor({ isTTY: false, env: {}, flag: true })).toBe(false);
    expect(useColor({ isTTY: true, env: { NO_COLOR: '1' }, flag: true })).toBe(false);
    expect(useColor({ isTTY: true, env: { TERM: 'dumb' }, flag: true })).toBe(false);
    expect(useColor({ isTTY: true, env: {}, flag: false })).toBe(false);
    expect(useColor({ isTTY: false, env: { FORCE_COLOR: '1' }, flag: true })).toBe(true);
    expect(useColor({ isTTY: false, env: { FORCE_COLOR: '0' }, flag: true })).toBe(false);
  });
});

describe('input files', () => {
  it('refuses to wait on a terminal when no file is given', async () => {
    const { code, stderr } = await engage(['rate'], { tty: { stdin: true } });
    expect(code).toBe(2);
    expect(stderr).toContain('no input: give a file, or pipe one in');
    expect(stderr).toContain('usage: engage rate [options] [files...]');
  });

  it('reads stdin when it is a pipe, and files when given on a terminal', async () => {
    expect((await engage(['rate'], { input: 'reach,likes\n10,1\n' })).code).toBe(0);
    expect((await engage(['rate', 'fixtures/posts.csv'], { tty: { stdin: true } })).code).toBe(0);
  });
});
