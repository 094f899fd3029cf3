// A seeded GA4 BigQuery export as NDJSON, one nested event a line, as
// Google's export writes it: INT64 as strings, event_params as an array of
// {key, value: {string_value, int_value, …}}, device, geo and traffic_source
// as objects. user_id is there only on the rows of signed-in users (one in
// five users, after signing in); user_pseudo_id always.
// Usage: node bench/generate-ga4.mjs OUT.ndjson [rows=1000000] [users=200000] [seed=17]
import { mulberry32, writeLines } from './generate-posts.mjs';

const EVENTS = ['page_view', 'page_view', 'page_view', 'scroll', 'user_engagement', 'view_item', 'add_to_cart', 'begin_checkout', 'purchase', 'session_start'];
const COUNTRIES = [['Japan', 'Tokyo'], ['United States', 'New York'], ['Germany', 'Berlin'], ['Brazil', 'São Paulo'], ['India', 'Mumbai']];
const DEVICES = [['mobile', 'Apple', 'iOS'], ['mobile', 'Google', 'Android'], ['desktop', 'Microsoft', 'Windows'], ['desktop', 'Apple', 'Macintosh']];

export async function generateGa4(path, rows = 1_000_000, users = 200_000, seed = 17) {
  await writeLines(path, '', ga4Lines(rows, users, mulberry32(seed)));
}

const value = (v) => (typeof v === 'number' ? `{"string_value":null,"int_value":"${v}","float_value":null,"double_value":null}` : `{"string_value":${JSON.stringify(v)},"int_value":null,"float_value":null,"double_value":null}`);

function* ga4Lines(rows, users, random) {
  const start = Date.UTC(2024, 0, 1) * 1000;
  const span = 2 * 365 * 86_400_000_000;
  for (let i = 0; i < rows; i++) {
    const user = Math.floor(users * random() ** 2);
    const micros = start + Math.floor(random() * span);
    const event = EVENTS[Math.floor(random() * EVENTS.length)];
    const [country, city] = COUNTRIES[user % COUNTRIES.length];
    const [category, brand, os] = DEVICES[user % DEVICES.length];
    const signedIn = user % 5 === 0 && random() < 0.7;
    const session = Math.floor(micros / 1_800_000_000);
    const params = [`{"key":"ga_session_id","value":${value(session)}}`, `{"key":"page_location","value":${value(`https://shop.example/p/${user % 977}`)}}`, `{"key":"engagement_time_msec","value":${value(Math.floor(random() * 60000))}}`];
    const revenue = event === 'purchase' ? (5 + random() * 195).toFixed(2) : 'null';
    const date = new Date(micros / 1000).toISOString().slice(0, 10).replaceAll('-', '');
    yield `{"event_date":"${date}","event_timestamp":"${micros}","event_name":"${event}","event_params":[${params.join(',')}],"event_previous_timestamp":null,` +
      `"user_id":${signedIn ? `"u${user}"` : 'null'},"user_pseudo_id":"${1_000_000_000 + user * 7919}.${1_700_000_000 + (user % 86_400)}",` +
      `"device":{"category":"${category}","mobile_brand_name":"${brand}","operating_system":"${os}","language":"en-us"},` +
      `"geo":{"continent":"","country":"${country}","region":"","city":"${city}"},"traffic_source":{"name":"(direct)","medium":"(none)","source":"(direct)"},` +
      `"platform":"WEB","ecommerce":{"transaction_id":${event === 'purchase' ? `"T${i}"` : 'null'},"purchase_revenue":${revenue}}}\n`;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rows, users, seed] = process.argv.slice(2);
  await generateGa4(path, rows ? Number(rows) : undefined, users ? Number(users) : undefined, seed ? Number(seed) : undefined);
}
