// Writes V8's code cache of the CLI's bundle (see bin/cli-loader.js): the
// bundle is compiled, the CLI runs on a few fixtures so that the functions a
// run needs are compiled too, and the cache is written beside the bundle.
// The fixtures are those of the bench's kinds (posts, NDJSON, a funnel,
// rolling stickiness, churn): with the rate run alone, every other command
// parsed its functions from source on first call (GA4 retention: 4% of its
// CPU in 8 alternating runs), for a cache 14% larger.
// The part worker's bundle is compiled and its modules loaded (outside a
// worker thread it does nothing more), and its cache written the same way:
// a worker compiling it anew took 80 ms of its start.
import { rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE, loadBundle, loadCli, WORKER_BUNDLE, WORKER_CODE_CACHE } from '../bin/cli-loader.js';

rmSync(CODE_CACHE, { force: true });
const { exports, script } = loadCli(undefined);
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const io = { stdin: process.stdin, stdout: discard(), stderr: discard(), env: { ...process.env, NO_COLOR: '1' } };
const posts = fileURLToPath(new URL('../fixtures/posts.csv', import.meta.url));
const fixture = (path) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
for (const args of [
  ['rate', posts, '--group-by', 'platform', '--period', 'month'],
  ['retention', fixture('exports/ga4_events.ndjson'), '--period', 'month'],
  ['funnel', fixture('funnel.csv'), '--steps', 'view,cart,purchase', '--window', '7d'],
  ['stickiness', fixture('orders.csv'), '--rolling', '7,28'],
  ['churn', fixture('orders.csv'), '--period', 'month'],
]) {
  const code = await exports.run(args, io);
  if (code !== 0) throw new Error(`engage ${args.join(' ')} exited ${code} while the code cache was made`);
}
writeFileSync(CODE_CACHE, script.createCachedData());

rmSync(WORKER_CODE_CACHE, { force: true });
writeFileSync(WORKER_CODE_CACHE, loadBundle(WORKER_BUNDLE, undefined).script.createCachedData());
