import { readingColumns, type RecordHandler } from '../../io/records.js';
import { cellText, isBlankCell } from '../../schema/blank.js';
import type { Resolution } from '../../schema/columns.js';

// A date in one column and the time of day in another (Resolution.timeOfDay):
// the date's cell is given to the row plan as the date at that time, so that
// hours (and periods in --tz) come out right, as if the export had one column.

/** "20:00", "8:30 PM", "1899-12-30T20:00:00" or 0.8333 as HH:MM:SS; undefined for anything else. */
function clockOf(cell: unknown): string | undefined {
  let seconds: number;
  if (typeof cell === 'number') {
    if (!(cell >= 0 && cell < 1)) return undefined;
    seconds = Math.round(cell * 86_400);
  } else {
    const match = /^(?:1899-12-3[01][T ])?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?$/i.exec(cellText(cell));
    if (!match) return undefined;
    let hours = Number(match[1]);
    if (match[4]) {
      if (hours < 1 || hours > 12) return undefined;
      hours = (hours % 12) + (match[4].toUpperCase() === 'PM' ? 12 : 0);
    }
    seconds = hours * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
  }
  if (seconds >= 86_400) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** The date cell at the time of day, as one timestamp's text; the date alone when the time is blank; a bad time as it is, for the row check to name. */
export function dateAtTime(date: unknown, time: unknown): unknown {
  if (isBlankCell(date) || isBlankCell(time)) return date;
  const clock = clockOf(time);
  if (clock === undefined) return `${cellText(date)} ${cellText(time)}`;
  const day = cellText(date).replace(/[T ]00:00(?::00(?:\.0+)?)?$/, '');
  return /^\d{8}$/.test(day) ? `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)} ${clock}` : `${day} ${clock}`;
}

/** The handler reading the resolution's date column as the date at its time of day; the handler itself when there is none. */
export function readingTimeOfDay(handler: RecordHandler, resolution: Resolution): RecordHandler {
  const time = resolution.timeOfDay;
  const date = time && resolution.columns.get(time.column);
  if (time === undefined || date === undefined) return handler;
  const dateIndex = date.index;
  const timeIndex = time.index;
  return readingColumns(
    (cells) => {
      cells[dateIndex] = dateAtTime(cells[dateIndex], cells[timeIndex]);
      handler(cells);
    },
    handler.usedColumns && [...handler.usedColumns, timeIndex],
    // The date is read from the cell written here, never from the file's bytes.
    { counts: handler.countColumns?.filter((c) => c !== dateIndex && c !== timeIndex), cellBytes: handler.cellBytes?.filter((c) => c.column !== dateIndex && c.column !== timeIndex) },
  );
}
