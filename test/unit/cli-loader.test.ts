import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
// bin/ is plain JavaScript: its loader is typed below by what the test uses.
import { loadCli } from '../../bin/cli-loader.js';
import { ROOT } from '../helpers/cli.js';

// bin/engage.js compiles the CLI's bundle with the code cache the build wrote
// (npm test runs the bundle step first): V8 takes it on this Node, and a
// cache it cannot take only costs the compile — the CLI runs the same.

interface Loaded {
  exports: { run(argv: string[], io: unknown): Promise<number> };
  script: { cachedDataRejected?: boolean };
}

async function rate(loaded: Loaded): Promise<{ code: number; out: string }> {
  let out = '';
  const stdout = new Writable({ write: (chunk, _encoding, done) => ((out += String(chunk)), done()) });
  const stderr = new Writable({ write: (_chunk, _encoding, done) => done() });
  const code = await loaded.exports.run(['rate', join(ROOT, 'fixtures/posts.csv')], { stdin: process.stdin, stdout, stderr, env: { NO_COLOR: '1' } });
  return { code, out };
}

describe('the CLI loader', () => {
  it('compiles the bundle with the code cache the build wrote, which V8 takes', async () => {
    const loaded = (loadCli as () => Loaded)();
    expect(loaded.script.cachedDataRejected).toBe(false);
    const { code, out } = await rate(loaded);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('posts,left_out,interactions,basis,pooled_rate,mean_rate,median_rate');
  });

  it('runs the same with a cache V8 rejects', async () => {
    const loaded = (loadCli as (cache: Buffer) => Loaded)(Buffer.from('not a code cache'));
    expect(loaded.script.cachedDataRejected).toBe(true);
    const { code, out } = await rate(loaded);
    expect(code).toBe(0);
    // fixtures/posts.csv by hand: 20 posts, 11,970 interactions over 159,380 followers.
    expect(out.split('\n')[1]).toMatch(/^20,0,11970,159380,0\.0751035/);
  });
});
