// A seeded, realistic posts export for benchmarks: same seed, same bytes.
// With quoted, every field is quoted, as TikTok Studio and Meta write them.
// Usage: node bench/generate-posts.mjs OUT.csv [rows=2000000] [seed=42] [quoted]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes lines from a generator to a file in 1 MiB batches, honouring backpressure. */
export async function writeLines(path, header, lines) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  out.write(header);
  let batch = '';
  for (const line of lines) {
    batch += line;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLATFORMS = [
  // name, share of posts, followers, reach per follower, interactions per reach
  ['instagram', 0.34, 52_000, 0.32, 0.09],
  ['facebook', 0.24, 38_000, 0.21, 0.035],
  ['x', 0.2, 21_000, 0.4, 0.025],
  ['tiktok', 0.14, 64_000, 1.1, 0.12],
  ['linkedin', 0.08, 9_000, 0.55, 0.04],
];

const HEADER = ['post_id', 'published_at', 'platform', 'followers', 'reach', 'impressions', 'likes', 'comments', 'shares', 'saves'];

export async function generatePosts(path, rows = 2_000_000, seed = 42, quoted = false) {
  const quote = (fields) => fields.map((f) => `"${f}"`).join(',');
  const header = `${quoted ? quote(HEADER) : HEADER.join(',')}\n`;
  const lines = postLines(rows, mulberry32(seed));
  await writeLines(path, header, quoted ? mapLines(lines, (line) => `${quote(line.slice(0, -1).split(','))}\n`) : lines);
}

function* mapLines(lines, map) {
  for (const line of lines) yield map(line);
}

function* postLines(rows, random) {
  const start = Date.UTC(2024, 0, 1);
  const span = 2 * 365 * 86_400_000;
  for (let i = 0; i < rows; i++) {
    let pick = random();
    let p = PLATFORMS[0];
    for (const platform of PLATFORMS) {
      if (pick < platform[1]) { p = platform; break; }
      pick -= platform[1];
    }
    const at = new Date(start + Math.floor(random() * span)).toISOString().slice(0, 19) + 'Z';
    const followers = Math.round(p[2] * (0.5 + random()));
    const reach = random() < 0.01 ? 0 : Math.round(followers * p[3] * (0.2 + 1.6 * random()));
    const impressions = Math.round(reach * (1.1 + random()));
    const interactions = reach * p[4] * (0.3 + 1.4 * random());
    const likes = Math.round(interactions * 0.8);
    const comments = Math.round(interactions * 0.08);
    const shares = Math.round(interactions * 0.07);
    const saves = Math.round(interactions * 0.05);
    yield `${p[0].slice(0, 2)}-${i},${at},${p[0]},${followers},${reach},${impressions},${likes},${comments},${shares},${saves}\n`;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rows, seed, quoted] = process.argv.slice(2);
  await generatePosts(path, rows ? Number(rows) : undefined, seed ? Number(seed) : undefined, quoted === 'quoted');
}
