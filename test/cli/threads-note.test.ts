import { describe, expect, it } from 'vitest';
import { engage } from '../helpers/cli.js';

// --threads asks for more than one thread; a file that is not split says
// why, so the option is never accepted and silently left without effect.
// Without --threads (the machine's cores) or with --threads 1 nothing is said.

describe('--threads on a file read on one thread', () => {
  it('says why: the fixture is under the size a file is split from', async () => {
    const result = await engage(['rate', 'fixtures/posts.csv', '--threads', '4', '--csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('--threads 4: read on one thread, as only a file of 32 MB or more is split');
    // The figures are the one-thread figures.
    expect(result.stdout).toBe((await engage(['rate', 'fixtures/posts.csv', '--threads', '1', '--csv'])).stdout);
  });

  it('says nothing when --threads did not ask for more than one, or was not given', async () => {
    for (const args of [['--threads', '1'], []]) {
      const result = await engage(['rate', 'fixtures/posts.csv', ...args, '--csv']);
      expect(result.code).toBe(0);
      expect(result.stderr).not.toContain('--threads');
    }
  });

  it('several small files say so too', async () => {
    const result = await engage(['churn', 'fixtures/orders.csv', 'fixtures/cdnow_sample.csv', '--period', 'month', '--threads', '2', '--csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('--threads 2: read on one thread, as several files are shared between threads only from 32 MB together');
  });
});
