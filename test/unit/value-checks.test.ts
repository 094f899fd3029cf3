import { describe, expect, it } from 'vitest';
import { columnSpecs, resolveColumns } from '../../src/schema/columns.js';
import { EventRow } from '../../src/schema/event.js';
import { PostRow } from '../../src/schema/post.js';
import { ResponseRow } from '../../src/schema/response.js';
import { dateAtTime } from '../../src/engines/streaming/time-of-day.js';
import { engage } from '../helpers/cli.js';

// A column found by an alias of its header is taken only when the file's
// first values fit it; the reasons are shown; two columns for one role follow
// a rule and are named in a note. The files are small, written here in the
// shapes of the real exports they stand for (../shared/datasets/real-exports-2).

const resolve = (row: Parameters<typeof columnSpecs>[0], header: string[], sample: unknown[][]) => resolveColumns(header, columnSpecs(row), new Map(), 'f.csv', sample);
const taken = (resolution: ReturnType<typeof resolve>) => Object.fromEntries([...resolution.columns.values()].map((c) => [c.name, c.header]));

describe('header guesses checked against the first values', () => {
  it('passes over an HTTP status as the event (Sparkify app log), with the reason', () => {
    const resolution = resolve(EventRow, ['userId', 'ts', 'page', 'status'], [['7', 1541105830796, 'NextSong', 200], ['7', 1541106106796, 'Home', 307]]);
    expect(taken(resolution).event).toBeUndefined();
    expect(resolution.refused).toEqual([{ header: 'status', index: 3, column: 'event', why: 'its values are numbers ("200", "307"), not event names' }]);
  });

  it('keeps a status column of words as the event (a subscription log)', () => {
    expect(taken(resolve(EventRow, ['customer', 'date', 'status'], [['a', '2026-01-01', 'start'], ['a', '2026-02-01', 'cancel']])).event).toBe('status');
  });

  it('a column named exactly as the role is taken at its word, as --map is', () => {
    expect(taken(resolve(EventRow, ['customer', 'date', 'event'], [['a', '2026-01-01', '3']])).event).toBe('event');
  });

  it('reads a date column with a time-of-day column beside it as one time (Meta export edited in Excel)', () => {
    const resolution = resolve(PostRow, ['Post ID', 'Date', 'Publish time', 'Reach', 'Likes'], [['1', '2025-08-22', '1899-12-30T20:00:00', '311669', '17970'], ['2', '2025-08-21', 0.75, '10', '1']]);
    expect(taken(resolution).published_at).toBe('Date');
    expect(resolution.timeOfDay).toEqual({ column: 'published_at', index: 2, header: 'Publish time' });
    expect(dateAtTime('2025-08-22', '1899-12-30T20:00:00')).toBe('2025-08-22 20:00:00');
    expect(dateAtTime('2025-08-22', 0.8333333333)).toBe('2025-08-22 20:00:00');
    expect(dateAtTime('8/22/2025', '8:05 PM')).toBe('8/22/2025 20:05:00');
    expect(dateAtTime('20250822', '07:30')).toBe('2025-08-22 07:30:00');
    expect(dateAtTime('2025-08-22', '')).toBe('2025-08-22');
  });

  it('passes over a Likert "Recommend" for the 0–10 question beside it, even when most people skipped it (The Carpentries)', () => {
    const words = resolve(ResponseRow, ['Recommend', 'LikelyToRecommend'], [['Strongly Agree', '9'], ['Agree', '10']]);
    expect(taken(words).score).toBe('LikelyToRecommend');
    expect(words.refused[0]).toMatchObject({ header: 'Recommend', column: 'score' });
    // Blank in every sampled row: says nothing of its scale, so the column with values wins.
    const blank = resolve(ResponseRow, ['Recommend', 'LikelyToRecommend'], [['', '9'], ['NA', '10']]);
    expect(taken(blank).score).toBe('LikelyToRecommend');
    expect(blank.shadowed).toEqual([{ header: 'Recommend', column: 'score', usedHeader: 'LikelyToRecommend' }]);
  });

  it('without a sample (a table in a database), the names alone decide, as before', () => {
    expect(taken(resolveColumns(['userId', 'ts', 'status'], columnSpecs(EventRow), new Map(), 'f.csv')).event).toBe('status');
  });
});

describe('what a user sees', () => {
  it('a missing column names the header that was passed over and why', async () => {
    const text = 'ts,userId,page,status\n1541105830796,7,NextSong,200\n1541106106796,8,Home,307\n';
    const result = await engage(['funnel', '-', '--steps', 'Home,NextSong'], { input: text });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--steps needs an event column');
    expect(result.stderr).toContain('"status" was passed over: its values are numbers ("200", "307"), not event names');
    expect(result.stderr).toContain('--map event="page"');
  });

  it('says which of two date-and-time columns made the time, and the hours come out right', async () => {
    const text = 'Post ID,Date,Publish time,Reach,Likes\n1,2025-08-22,20:00,100,10\n2,2025-08-22,23:30,100,30\n';
    const result = await engage(['rate', '-', '--period', 'day', '--tz', 'Asia/Tokyo', '--format', 'csv'], { input: text });
    expect(result.code).toBe(0);
    // 20:00 and 23:30 in Tokyo are the same day there; read as midnight UTC they would be too, so check the hour through --since.
    expect(result.stderr).toContain('published_at is the date in "Date" at the time of day in "Publish time"');
    const late = await engage(['rate', '-', '--since', '2025-08-22T21:00', '--format', 'csv'], { input: text });
    expect(late.stdout.split('\n')[1]).toMatch(/^1,/);
  });
});
