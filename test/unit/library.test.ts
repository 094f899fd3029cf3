import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { computeDocument, metricNamed, npsOf, ScoreCounts } from '../../src/index.js';

describe('the programmatic API', () => {
  it('computes NPS from counts without any file', () => {
    const scores = new ScoreCounts(0, 10);
    for (const score of [10, 9, 0]) scores.add({ score });
    expect(npsOf(scores).nps).toBeCloseTo(100 / 3, 12);
  });

  it('runs any registered metric over a stream', async () => {
    const text = 'customer,date\na,2026-01-05\nb,2026-01-06\na,2026-02-01\n';
    const doc = await computeDocument(metricNamed('churn')!, { period: 'month', until: '2026-03-01' }, ['-'], { stdin: Readable.from([Buffer.from(text)]) });
    // Overall: 2 ever active, both new; February: 2 active in January (active_before), 1 churned.
    expect(doc.table.rows.at(-1)?.slice(2)).toEqual([2, 2, 0, 2, 1, 0.5, 0.5]);
  });
});
