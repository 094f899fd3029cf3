// Writes V8's code cache of the CLI's bundle (see bin/cli-loader.js): the
// bundle is compiled, the CLI runs once on a fixture so that the functions a
// run needs are compiled too, and the cache is written beside the bundle.
import { rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE, loadCli } from '../bin/cli-loader.js';

rmSync(CODE_CACHE, { force: true });
const { exports, script } = loadCli(undefined);
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const io = { stdin: process.stdin, stdout: discard(), stderr: discard(), env: { ...process.env, NO_COLOR: '1' } };
const posts = fileURLToPath(new URL('../fixtures/posts.csv', import.meta.url));
const code = await exports.run(['rate', posts, '--group-by', 'platform', '--period', 'month'], io);
if (code !== 0) throw new Error(`engage rate fixtures/posts.csv exited ${code} while the code cache was made`);
writeFileSync(CODE_CACHE, script.createCachedData());
