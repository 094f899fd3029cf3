// A seeded event log for benchmarks: customers over two years with visits,
// purchases (some with several lines per order), signups and cancels.
// Usage: node bench/generate-events.mjs OUT.csv [rows=10000000] [customers=500000] [seed=7]
import { mulberry32, writeLines } from './generate-posts.mjs';

export async function generateEvents(path, rows = 10_000_000, customers = 500_000, seed = 7) {
  await writeLines(path, 'customer_id,timestamp,event,amount,order_id\n', eventLines(rows, customers, mulberry32(seed)));
}

function* eventLines(rows, customers, random) {
  const start = Date.UTC(2024, 0, 1);
  const span = 2 * 365 * 86_400_000;
  let order = 0;
  let linesLeft = 0;
  let lineCustomer = 0;
  let lineTime = '';
  for (let i = 0; i < rows; i++) {
    let line;
    if (linesLeft > 0) {
      // The next line of the same order: same customer, time and order id.
      linesLeft--;
      line = `cu${lineCustomer},${lineTime},purchase,${(5 + random() * 95).toFixed(2)},o${order}\n`;
    } else {
      // Some customers are much more active than others.
      const customer = Math.floor(customers * random() ** 2);
      const time = new Date(start + Math.floor(random() * span)).toISOString().slice(0, 19) + 'Z';
      const pick = random();
      if (pick < 0.68) line = `cu${customer},${time},visit,,\n`;
      else if (pick < 0.95) {
        order++;
        linesLeft = random() < 0.3 ? Math.floor(random() * 3) + 1 : 0;
        lineCustomer = customer;
        lineTime = time;
        line = `cu${customer},${time},purchase,${(5 + random() * 95).toFixed(2)},o${order}\n`;
      } else if (pick < 0.98) line = `cu${customer},${time},signup,,\n`;
      else line = `cu${customer},${time},cancel,,\n`;
    }
    yield line;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rows, customers, seed] = process.argv.slice(2);
  await generateEvents(path, rows ? Number(rows) : undefined, customers ? Number(customers) : undefined, seed ? Number(seed) : undefined);
}
