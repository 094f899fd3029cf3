// Writes V8's code cache of the CLI's bundle (see bin/cli-loader.js): the
// bundle is compiled, the CLI runs once on a fixture so that the functions a
// run needs are compiled too, and the cache is written beside the bundle.
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
const code = await exports.run(['rate', posts, '--group-by', 'platform', '--period', 'month'], io);
if (code !== 0) throw new Error(`engage rate fixtures/posts.csv exited ${code} while the code cache was made`);
writeFileSync(CODE_CACHE, script.createCachedData());

rmSync(WORKER_CODE_CACHE, { force: true });
writeFileSync(WORKER_CODE_CACHE, loadBundle(WORKER_BUNDLE, undefined).script.createCachedData());
