# Run from the repository root: python3 test/independent/segments.py (Python 3.9+, standard library only).
# Independent figures for behavioural segments on Online Retail (fixtures/real/online_retail.csv.gz): invoice
# lines of customers (no cancellation, a customer id), each an event named by its StockCode, times in UTC.
#   heart = at least 2 lines of 85123A in the customer's first 30 calendar days (the first day whole)
#   bags  = at least 1 line of 85099B in all the data, and not heart
# then monthly churn per segment: active(p) = customers with a line in month p; churned(p) = active in p-1, not in p;
# a customer in no segment is in (none); the all row counts each customer once (over the months: Σ churned / Σ
# active before). Prints {segment: {month: [active, churned]}}, the sizes and the customers in both segments.
import csv, gzip, json
from datetime import datetime, timedelta

events = {}
with gzip.open('fixtures/real/online_retail.csv.gz', 'rt', newline='') as h:
    for row in csv.DictReader(h):
        if row['InvoiceNo'].startswith('C') or row['CustomerID'].strip() == '':
            continue
        at = datetime.strptime(row['InvoiceDate'], '%Y-%m-%d %H:%M')
        events.setdefault(row['CustomerID'].strip(), []).append((at, row['StockCode'].strip().lower()))
end = max(at for evs in events.values() for at, _ in evs)

def segments_of(evs):
    first = min(at for at, _ in evs)
    day0 = datetime(first.year, first.month, first.day)
    heart = sum(1 for at, code in evs if code == '85123a' and day0 <= at < day0 + timedelta(days=30)) >= 2
    bags = any(code == '85099b' for _, code in evs) and not heart
    found = [name for name, yes in (('heart', heart), ('bags', bags)) if yes]
    return found or ['(none)'], day0 + timedelta(days=30) > end

table, sizes, open_windows = {}, {}, 0
for customer, evs in events.items():
    labels, still_open = segments_of(evs)
    open_windows += still_open
    for label in labels + ['all']:
        sizes[label] = sizes.get(label, 0) + 1
        months = table.setdefault(label, {})
        for at, _ in evs:
            months.setdefault(f'{at.year}-{at.month:02d}', set()).add(customer)

out = {}
for label, months in table.items():
    keys = sorted(months)
    out[label] = {k: [len(months[k]), len(months[keys[i - 1]] - months[k]) if i > 0 else None] for i, k in enumerate(keys)}
print(json.dumps({'churn': out, 'sizes': sizes, 'open_windows': open_windows}))
