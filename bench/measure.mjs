// Runs a script in this process and writes its peak RSS (kB) to $BENCH_REPORT at exit.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
process.on('exit', () => {
  writeFileSync(process.env.BENCH_REPORT, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
await import(pathToFileURL(script).href);
