import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
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

async function runBundle(loaded: Loaded, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const stdout = new Writable({ write: (chunk, _encoding, done) => ((out += String(chunk)), done()) });
  const stderr = new Writable({ write: (_chunk, _encoding, done) => done() });
  const code = await loaded.exports.run(args, { stdin: process.stdin, stdout, stderr, env: { NO_COLOR: '1' } });
  return { code, out };
}

const rate = (loaded: Loaded) => runBundle(loaded, ['rate', join(ROOT, 'fixtures/posts.csv')]);

describe('the CLI loader', () => {
  it('compiles the bundle with the code cache the build wrote, which V8 takes', async () => {
    const loaded = (loadCli as () => Loaded)();
    expect(loaded.script.cachedDataRejected).toBe(false);
    const { code, out } = await rate(loaded);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('posts,left_out,interactions,basis,pooled_rate,mean_rate,median_rate');
  });

  it('starts a part worker whose bundle compiles with the code cache the build wrote, which V8 takes in a worker thread', async () => {
    // The worker's loader as bin/part-worker.js runs it, with word of whether V8 took the cache.
    const code = `import('${pathToFileURL(join(ROOT, 'bin/cli-loader.js')).href}').then((loader) => {
      const { script } = loader.loadBundle(loader.WORKER_BUNDLE);
      require('node:worker_threads').parentPort.postMessage({ rejected: script.cachedDataRejected });
    });`;
    const worker = new Worker(code, { eval: true });
    try {
      const said: unknown[] = [];
      await new Promise<void>((resolve, reject) => {
        worker.on('message', (message: { rejected?: boolean }) => {
          said.push(message);
          if ('rejected' in message) resolve();
        });
        worker.once('error', reject);
      });
      // The bundle says it is ready to be given a part, then the loader says V8 took its cache.
      expect(said).toEqual([{ ready: true }, { rejected: false }]);
    } finally {
      await worker.terminate();
    }
  });

  it('runs the same with a cache V8 rejects', async () => {
    const loaded = (loadCli as (cache: Buffer) => Loaded)(Buffer.from('not a code cache'));
    expect(loaded.script.cachedDataRejected).toBe(true);
    const { code, out } = await rate(loaded);
    expect(code).toBe(0);
    // fixtures/posts.csv by hand: 20 posts, 11,970 interactions over 159,380 followers.
    expect(out.split('\n')[1]).toMatch(/^20,0,11970,159380,0\.0751035/);
  });

  // The build writes each non-ASCII character of the bundles as \uXXXX (scripts/bundle.mjs): they are then read
  // as one-byte strings. The regular expressions that held such characters must match as before.
  it('loads bundles of plain ASCII whose escaped characters still match', async () => {
    for (const bundle of ['dist/engage.cjs', 'dist/engage-worker.cjs']) expect(/[^\x00-\x7f]/.test(readFileSync(join(ROOT, bundle), 'utf8'))).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'engage-ascii-'));
    // By hand: a € amount, dates in Japanese (年月日, 時分), posts tagged with a full-width ＃.
    writeFileSync(join(dir, 'orders.csv'), 'customer_id,timestamp,amount\na,2024年1月5日,€12.50\nb,2024年2月6日 10時30分,€3\na,2024年3月1日,5\n');
    writeFileSync(join(dir, 'posts.csv'), 'post_id,text,likes,followers\n1,＃夏 sale,10,100\n2,#夏 again,30,100\n3,none,5,100\n');
    const loaded = (loadCli as () => Loaded)();
    const orders = await runBundle(loaded, ['repeat', join(dir, 'orders.csv'), '--format', 'csv']);
    expect(orders.code).toBe(0);
    // Customer a ordered twice (5 January, 1 March: 56 days apart), b once; 12.50 + 3 + 5 = 20.50.
    expect(orders.out.split('\n')[1]).toBe('2,1,0.5,3,1.5,56,56,20.5,10.25');
    const posts = await runBundle(loaded, ['rate', join(dir, 'posts.csv'), '--group-by', '@hashtag', '--format', 'csv']);
    expect(posts.code).toBe(0);
    // Posts 1 and 2 are both tagged 夏: 40 interactions over 200 followers.
    expect(posts.out.split('\n').find((line) => line.startsWith('夏,'))).toMatch(/^夏,2,0,40,200,0\.2,/);
  });
});
