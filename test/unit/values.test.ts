import { describe, expect, it } from 'vitest';
import { groupLabel, INVALID, MISSING, MISSING_AMOUNT, parseAmount, parseCount } from '../../src/schema/values.js';

describe('parseCount', () => {
  it.each([
    ['0', 0],
    ['1234', 1234],
    ['"1,234"'.slice(1, -1), 1234],
    ['1,234,567', 1234567],
    [' 42 ', 42],
    ['12.5', 12.5],
    ['5320.0', 5320],
    ['1e3', 1000],
    ['+7', 7],
  ])('reads %j as %d', (cell, expected) => {
    expect(parseCount(cell)).toBe(expected);
  });

  it.each(['-5', 'NaN', 'Infinity', '0x1F', '12abc', '1e400', '1,23', '12,34,567', 'abc', '1.2.3', '--'])('rejects %j', (cell) => {
    expect(parseCount(cell)).toBe(INVALID);
  });

  it('treats blanks and nulls as missing, never as 0', () => {
    expect(parseCount('')).toBe(MISSING);
    expect(parseCount('   ')).toBe(MISSING);
    expect(parseCount(null)).toBe(MISSING);
    expect(parseCount(undefined)).toBe(MISSING);
  });

  // METRICS.md "Missing values": R's NA, Excel's #N/A, null and X's lone dash say nothing.
  it.each(['NA', 'na', 'N/A', '#N/A', 'null', 'NULL', '-', '—', ' NA '])('reads %j as blank in every kind of cell', (cell) => {
    expect(parseCount(cell)).toBe(MISSING);
    expect(parseAmount(cell)).toBe(MISSING_AMOUNT);
    expect(groupLabel(cell)).toBe('(blank)');
  });

  it('takes JSON numbers as they are, but not negative or infinite ones', () => {
    expect(parseCount(17)).toBe(17);
    expect(parseCount(-1)).toBe(INVALID);
    expect(parseCount(Number.POSITIVE_INFINITY)).toBe(INVALID);
    expect(parseCount(true)).toBe(INVALID);
  });

  it('is exact for long digit strings beyond the fast path', () => {
    expect(parseCount('12345678901234567')).toBe(12345678901234567);
  });
});
