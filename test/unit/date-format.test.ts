import { describe, expect, it } from 'vitest';
import { compileDateFormat } from '../../src/schema/date-format.js';
import { TimeZone } from '../../src/time/zone.js';

const utc = new TimeZone('UTC');

describe('--date-format', () => {
  it('reads day-first European dates', () => {
    const read = compileDateFormat('DD/MM/YYYY HH:mm', utc);
    expect(read('14/03/2026 09:30')).toBe(Date.UTC(2026, 2, 14, 9, 30));
    expect(read('03/04/2026 00:00')).toBe(Date.UTC(2026, 3, 3));
  });

  it('reads single-digit fields, literals and offsets', () => {
    expect(compileDateFormat('D.M.YYYY', utc)('4.3.2026')).toBe(Date.UTC(2026, 2, 4));
    expect(compileDateFormat('YYYY-MM-DD HH:mm:ss Z', utc)('2026-03-14 09:30:00 +0900')).toBe(Date.UTC(2026, 2, 14, 0, 30));
    expect(compileDateFormat('YYYYMMDDHHmm', new TimeZone('Asia/Tokyo'))('202603140930')).toBe(Date.UTC(2026, 2, 14, 0, 30));
  });

  it('reads two-digit years with the strptime pivot (69–99: 19YY, 00–68: 20YY)', () => {
    const read = compileDateFormat('DD/MM/YY', utc);
    expect(read('08/09/18')).toBe(Date.UTC(2018, 8, 8));
    expect(read('01/01/68')).toBe(Date.UTC(2068, 0, 1));
    expect(read('01/01/69')).toBe(Date.UTC(1969, 0, 1));
    expect(read('29/02/01')).toBeNaN();
  });

  it('rejects what does not match, and impossible dates', () => {
    const read = compileDateFormat('DD/MM/YYYY', utc);
    expect(read('2026-03-14')).toBeNaN();
    expect(read('30/02/2026')).toBeNaN();
    expect(read('14/13/2026')).toBeNaN();
  });

  it('refuses a pattern without a year, month or day', () => {
    expect(() => compileDateFormat('HH:mm', utc)).toThrow(/has no year/);
  });
});
