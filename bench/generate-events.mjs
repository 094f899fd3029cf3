// A seeded event log for benchmarks: customers over two years with visits,
// purchases (some with several lines per order), signups and cancels. Ids are
// a prefix and a number (cu123), or UUIDs as product-analytics exports write
// them; the log is CSV or NDJSON.
// Usage: node bench/generate-events.mjs OUT.csv|OUT.ndjson [rows=10000000] [customers=500000] [seed=7] [uuid]
import { mulberry32, writeLines } from './generate-posts.mjs';

/** `within`: the first instant and the length of the time the events fall in (default: 2024 and 2025). */
export async function generateEvents(path, rows = 10_000_000, customers = 500_000, seed = 7, ids = 'prefix', within = { start: Date.UTC(2024, 0, 1), span: 2 * 365 * 86_400_000 }) {
  const ndjson = path.endsWith('.ndjson');
  const idOf = ids === 'uuid' ? uuidOf : (customer) => `cu${customer}`;
  const lines = eventLines(rows, customers, mulberry32(seed), idOf, ndjson, within);
  await writeLines(path, ndjson ? '' : 'customer_id,timestamp,event,amount,order_id\n', lines);
}

/** A stable UUID-shaped id for a customer number (v4 layout, hex from a hash). */
export function uuidOf(customer) {
  const hex = (n) => (n >>> 0).toString(16).padStart(8, '0');
  const a = Math.imul(customer + 1, 0x9e3779b1);
  const b = Math.imul(a ^ (a >>> 15), 0x85ebca6b);
  const c = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  const d = Math.imul(c ^ (c >>> 16), 0x27d4eb2f);
  const h = hex(a) + hex(b) + hex(c) + hex(d);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function* eventLines(rows, customers, random, idOf, ndjson, { start, span }) {
  const line = ndjson
    ? (id, time, event, amount, order) => `{"customer_id":"${id}","timestamp":"${time}","event":"${event}"${amount === '' ? '' : `,"amount":${amount}`}${order === '' ? '' : `,"order_id":"${order}"`}}\n`
    : (id, time, event, amount, order) => `${id},${time},${event},${amount},${order}\n`;
  let order = 0;
  let linesLeft = 0;
  let lineCustomer = 0;
  let lineTime = '';
  for (let i = 0; i < rows; i++) {
    if (linesLeft > 0) {
      // The next line of the same order: same customer, time and order id.
      linesLeft--;
      yield line(idOf(lineCustomer), lineTime, 'purchase', (5 + random() * 95).toFixed(2), `o${order}`);
      continue;
    }
    // Some customers are much more active than others.
    const customer = Math.floor(customers * random() ** 2);
    const time = new Date(start + Math.floor(random() * span)).toISOString().slice(0, 19) + 'Z';
    const pick = random();
    if (pick < 0.68) yield line(idOf(customer), time, 'visit', '', '');
    else if (pick < 0.95) {
      order++;
      linesLeft = random() < 0.3 ? Math.floor(random() * 3) + 1 : 0;
      lineCustomer = customer;
      lineTime = time;
      yield line(idOf(customer), time, 'purchase', (5 + random() * 95).toFixed(2), `o${order}`);
    } else if (pick < 0.98) yield line(idOf(customer), time, 'signup', '', '');
    else yield line(idOf(customer), time, 'cancel', '', '');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rows, customers, seed, ids] = process.argv.slice(2);
  await generateEvents(path, rows ? Number(rows) : undefined, customers ? Number(customers) : undefined, seed ? Number(seed) : undefined, ids);
}
