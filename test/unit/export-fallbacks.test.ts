import { describe, expect, it } from 'vitest';
import { SAMPLE_RECORDS } from '../../src/io/records.js';
import { compute } from '../helpers/compute.js';

// A known export's per-row fallback (GA4: user_pseudo_id where user_id is
// blank) when the customer's id is read from the file's bytes: each blank
// form (empty, quoted empty, spaces, a blank word, JSON null) takes the
// stand-in, a stand-in with an escaped quote or as a JSON number keeps its
// text, and a stand-in that is also a group keeps both roles. Worked by hand.
// The rows that matter come after SAMPLE_RECORDS others: the readers hand the
// sample as text, and bytes only after it.

const padding = Array.from({ length: SAMPLE_RECORDS + 10 }, (_, i) => ({ event_name: 'pad', user_id: `p${i}`, user_pseudo_id: `${i}.1`, event_timestamp: '1767261600000000' }));

const csv = [
  'event_name,user_id,user_pseudo_id,event_timestamp',
  ...padding.map((row) => Object.values(row).join(',')),
  'visit,u1,111.222,1767261600000000',
  'visit,,111.222,1767261600000000',
  'buy,null,111.222,1767265200000000',
  'visit,"","33""3",1767261600000000',
  'visit,  ,444.555,1767261600000000',
  'buy,u1,999.1,1767265200000000',
].join('\n');

const ndjson = [
  ...padding,
  { event_name: 'visit', user_id: null, user_pseudo_id: '9.9', event_timestamp: '1767261600000000' },
  // A number right after an id read as bytes: nothing of that row's bytes stays.
  { event_name: 'visit', user_id: null, user_pseudo_id: 12345, event_timestamp: '1767261600000000' },
  { event_name: 'visit', user_id: 7, user_pseudo_id: '8.8', event_timestamp: '1767261600000000' },
  { event_name: 'visit', user_id: '', user_pseudo_id: 'a"b', event_timestamp: '1767261600000000' },
  { event_name: 'buy', user_pseudo_id: '9.9', event_timestamp: '1767265200000000' },
]
  .map((row) => JSON.stringify(row))
  .join('\n');

const listed = (rows: Record<string, unknown>[]) => rows.map((row) => row.customer_id).sort();

describe('a fallback for the customer id read from bytes', () => {
  it('CSV: every blank form takes user_pseudo_id; an escaped quote stays in the id', async () => {
    const reached = await compute('funnel', csv, { steps: ['visit', 'buy'], list: '1' });
    expect(listed(reached.rows)).toEqual(['111.222', '33"3', '444.555', 'u1']);
    const bought = await compute('funnel', csv, { steps: ['visit', 'buy'], list: '2' });
    // 111.222's buy came with user_id "null"; u1's own buy, whatever its pseudo id.
    expect(listed(bought.rows)).toEqual(['111.222', 'u1']);
    expect(reached.notes.join('\n')).toContain('4 rows with a blank "user_id" took customer_id from "user_pseudo_id"');
  });

  it('NDJSON: null, a missing key and "" take the stand-in; numbers on either side keep their text', async () => {
    const reached = await compute('funnel', ndjson, { steps: ['visit', 'buy'], list: '1' });
    expect(listed(reached.rows)).toEqual(['12345', '7', '9.9', 'a"b']);
    expect(reached.notes.join('\n')).toContain('4 rows with a blank "user_id" took customer_id from "user_pseudo_id"');
  });

  it('a stand-in that is also a group is read as both', async () => {
    const { rows } = await compute('funnel', csv, { steps: ['visit', 'buy'], groupBy: ['user_pseudo_id'] });
    const step1 = (group: string) => rows.find((row) => row.user_pseudo_id === group && row.step === 1)?.customers;
    // 111.222: u1's first visit and the anonymous device's; 999.1 only has u1's buy, no visit.
    expect(step1('111.222')).toBe(2);
    expect(step1('33"3')).toBe(1);
    expect(step1('all')).toBe(4);
  });
});
