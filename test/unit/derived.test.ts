import { describe, expect, it } from 'vitest';
import { deriveProducts } from '../../src/schema/derived.js';
import { failure } from '../helpers/rate.js';
import { runEvents } from '../helpers/events.js';

describe('--map column="A*B"', () => {
  it('adds the product of two columns as a virtual column', () => {
    const { header, fill } = deriveProducts(['Quantity', 'UnitPrice'], new Map([['amount', 'Quantity*UnitPrice']]));
    expect(header).toEqual(['Quantity', 'UnitPrice', 'Quantity*UnitPrice']);
    const cells: unknown[] = ['6', '2.55'];
    fill!(cells);
    expect(cells[2]).toBe('15.3');
    const blank: unknown[] = ['6', ''];
    fill!(blank);
    expect(blank[2]).toBe('');
  });

  it('leaves real headers and unknown names alone', () => {
    expect(deriveProducts(['a*b'], new Map([['amount', 'a*b']])).fill).toBeUndefined();
    expect(deriveProducts(['a'], new Map([['amount', 'a*zz']])).fill).toBeUndefined();
  });

  it('gives revenue to a log without a line total, and names a bad factor with its line', async () => {
    const text = 'CustomerID,InvoiceDate,Quantity,UnitPrice\na,2026-01-01,6,2.55\na,2026-01-02,-1,2.55\nb,2026-01-03,2,"1,000.50"\n';
    // 6 × 2.55 − 2.55 + 2 × 1,000.50 = 2,013.75
    const { rows } = await runEvents('repeat', text, { map: ['amount=Quantity*UnitPrice'] });
    expect(rows[0].revenue).toBeCloseTo(2013.75, 10);
    const error = await failure(runEvents('repeat', 'CustomerID,InvoiceDate,Quantity,UnitPrice\na,2026-01-01,six,2.55\n', { map: ['amount=Quantity*UnitPrice'] }));
    expect(error.message).toContain('the first was "six" (at stdin:2)');
  });
});
