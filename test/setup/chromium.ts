import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The browser tests run in Debian's Chromium. The test set-up (vitest.config.ts)
// installs it with apt when it is missing (as root, or through sudo without a
// password); only where there is no apt at all, or the install fails, are the
// browser tests left out of the run, and a line says why.

const CHROMIUM = process.env.ENGAGE_CHROMIUM ?? '/usr/bin/chromium';

/** Chromium's path, installing it when missing; or why there is none. */
export function findChromium(): { path: string } | { missing: string } {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM };
  const why = install();
  if (why === undefined && existsSync(CHROMIUM)) return { path: CHROMIUM };
  const missing = why ?? `apt installed chromium, but ${CHROMIUM} is not there`;
  console.log(`browser tests left out: ${missing}`);
  return { missing };
}

/** Installs Debian's chromium; undefined when it worked, else why not. */
function install(): string | undefined {
  if (spawnSync('apt-get', ['--version']).status !== 0) return 'no apt on this machine to install Debian’s chromium with';
  const root = process.getuid?.() === 0;
  if (!root && spawnSync('sudo', ['-n', 'true']).status !== 0) return 'chromium is missing and apt needs root (run: sudo apt-get install chromium)';
  const apt = (args: string[]) => (root ? execFileSync('apt-get', args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) : execFileSync('sudo', ['-n', 'apt-get', ...args], { stdio: 'ignore' }));
  console.log('installing Debian’s chromium for the browser tests (apt-get install chromium) …');
  try {
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', 'chromium']);
    return undefined;
  } catch (error) {
    return `apt-get install chromium failed: ${(error as Error).message.split('\n')[0]}`;
  }
}
