import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { engage, tempDir } from '../helpers/cli.js';
import { csvRows } from '../helpers/cli.js';

// Excel workbooks as LinkedIn and back offices export them, written here with
// exceljs (the library engage reads them with) so that cell types are real:
// dates, numbers, formulas and rich text.

let dir = '';
let book = '';

beforeAll(async () => {
  dir = tempDir();
  book = join(dir, 'posts.xlsx');
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('Notes');
  notes.addRow(['This sheet is not data']);
  const posts = workbook.addWorksheet('Posts');
  posts.addRow([]);
  posts.addRow(['Post link', 'Created date', 'Impressions', 'Likes', 'Comments', 'Reposts', 'Post title']);
  posts.addRow(['https://lnkd.in/a', new Date(Date.UTC(2026, 0, 30, 9, 0)), 1200, 30, 4, 2, { richText: [{ text: 'New ' }, { text: 'hire' }] }]);
  posts.addRow(['https://lnkd.in/b', new Date(Date.UTC(2026, 1, 2, 18, 30)), 800, { formula: '10+6', result: 16 }, 0, 1, 'Launch']);
  posts.addRow(['https://lnkd.in/c', new Date(Date.UTC(2026, 1, 20, 8, 0)), 0, 0, 0, 0, 'Draft']);
  posts.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
  // The bytes, then the file: exceljs's writeFile may resolve before its stream is flushed, and a read then finds half a zip.
  writeFileSync(book, Buffer.from(await workbook.xlsx.writeBuffer()));
});

describe('Excel workbooks', () => {
  it('reads the chosen sheet with its cell types: numbers, dates in --tz, formula results', async () => {
    const { code, stdout, stderr } = await engage(['rate', book, '--sheet', 'Posts', '--period', 'month', '--until', '2026-03-01']);
    expect(code, stderr).toBe(0);
    // January: 36 / 1200; February: (17 + 1) + 0 over 800, one post with zero impressions left out.
    expect(csvRows(stdout).map((r) => [r.period, r.posts, r.left_out, r.interactions, r.basis])).toEqual([
      ['2026-01', '1', '0', '36', '1200'],
      ['2026-02', '2', '1', '17', '800'],
      ['all', '3', '1', '53', '2000'],
    ]);
    // An Excel date has no zone: the 09:00 the sheet shows is 09:00 in --tz.
    const tokyo = csvRows((await engage(['rate', book, '--sheet', 'posts', '--per-post', '--tz', 'Asia/Tokyo'])).stdout);
    expect(tokyo[0]).toMatchObject({ post_id: 'https://lnkd.in/a', published_at: '2026-01-30T09:00:00+09:00', interactions: '36' });
  });

  it('reads the first sheet by default and names the sheets when --sheet is not one of them', async () => {
    const first = await engage(['rate', book]);
    expect(first.code).toBe(65);
    expect(first.stderr).toContain('no reach column');
    const wrong = await engage(['rate', book, '--sheet', 'Summary']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`--sheet "Summary": ${book} has no such sheet`);
    expect(wrong.stderr).toContain('its sheets: "Notes", "Posts"');
  });

  it('an old .xls stops with how to convert it', async () => {
    const old = join(dir, 'old.xls');
    writeFileSync(old, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const { code, stderr } = await engage(['rate', old]);
    expect(code).toBe(66);
    expect(stderr).toContain('is an Excel 97–2003 workbook (.xls)');
    expect(stderr).toContain('save it as .xlsx or as CSV (UTF-8)');
  });

  it('names the sheet row of a bad cell', async () => {
    const bad = join(dir, 'bad.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['reach', 'likes']);
    sheet.addRow([100, 5]);
    sheet.addRow([100, 'many']);
    writeFileSync(bad, Buffer.from(await workbook.xlsx.writeBuffer()));
    const { code, stderr } = await engage(['rate', bad]);
    expect(code).toBe(65);
    expect(stderr).toContain(`1 row with a bad "likes" value: expected a count: a whole or decimal number ≥ 0, like 1234 or "1,234"; the first was "many" (at ${bad} [Data]:3)`);
  });
});
