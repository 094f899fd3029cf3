import { describe, expect, it } from 'vitest';
import { assertCheckColumns, failedChecks, parseCheck } from '../../src/metrics/checks.js';
import type { ResultTable } from '../../src/metrics/types.js';

const table: ResultTable = {
  title: 't',
  formula: 'f',
  columns: [
    { name: 'platform', type: 'text' },
    { name: 'posts', type: 'count' },
    { name: 'pooled_rate', type: 'rate' },
  ],
  rows: [
    ['fb', 5, 0.011],
    ['ig', 5, 0.06],
    ['x', 0, null],
    ['all', 10, 0.035],
  ],
  overallRow: 3,
};

const fails = (check: string, everyRow = false) => failedChecks([parseCheck(check)], table, everyRow).map((f) => `${f.row}=${f.actual}`);

describe('--fail-if', () => {
  it.each([
    ['pooled_rate < 0.04', ['overall=0.035']],
    ['pooled_rate < 0.035', []],
    ['pooled_rate <= 0.035', ['overall=0.035']],
    ['pooled_rate > 0.03', ['overall=0.035']],
    ['pooled_rate >= 0.036', []],
    ['posts == 10', ['overall=10']],
    ['posts != 10', []],
  ])('%s on the overall row', (check, expected) => {
    expect(fails(check)).toEqual(expected);
  });

  it('--fail-if-any checks every row; an undefined value fails', () => {
    expect(fails('pooled_rate < 0.02', true)).toEqual(['fb=0.011', 'x=null']);
  });

  it('rejects a malformed check and an unknown column, listing the columns', () => {
    expect(() => parseCheck('pooled_rate is low')).toThrow(/COLUMN OP NUMBER/);
    expect(() => assertCheckColumns([parseCheck('rate < 1')], table, 'rate')).toThrow(/has no numeric column "rate"/);
    try {
      assertCheckColumns([parseCheck('platform < 1')], table, 'rate');
    } catch (error) {
      expect((error as { hints: string[] }).hints[0]).toBe('its columns: posts, pooled_rate');
    }
  });
});
