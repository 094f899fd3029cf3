# Run from the repository root: python3 test/independent/drivers.py (Python 3.9+, standard library only).
# Independent figures for engage drivers on the "Relax Inc." login log (real-exports-2/relax): the customers whose
# day 56 is over when the data ends, retained when they logged in on one of days 28 … 56 after their first day,
# against how many logins they had in their first 7 days; odds ratio with a prior count of 1 in each cell (PostHog),
# Woolf's interval, phi. Dates are days (UTC): the data ends with its last day.
import csv, json, math
from datetime import date, timedelta

days = {}
with open('../shared/datasets/real-exports-2/relax/takehome_user_engagement.csv', newline='') as h:
    for row in csv.DictReader(h):
        days.setdefault(row['user_id'], []).append(date.fromisoformat(row['time_stamp'][:10]))
last = max(d for ds in days.values() for d in ds)

def table(outcome_from, outcome_to, within, thresholds):
    population = []
    left_out = 0
    for ds in days.values():
        first = min(ds)
        if first + timedelta(days=outcome_to) > last:
            left_out += 1
            continue
        index = [(d - first).days for d in ds]
        retained = any(outcome_from <= i <= outcome_to for i in index)
        early = sum(1 for i in index if i < within)
        population.append((early, retained))
    rows = []
    for t in range(1, thresholds + 1):
        a = sum(1 for n, r in population if n >= t and r)
        b = sum(1 for n, r in population if n >= t and not r)
        c = sum(1 for n, r in population if n < t and r)
        d = sum(1 for n, r in population if n < t and not r)
        odds = (a + 1) * (d + 1) / ((b + 1) * (c + 1)) if a + b and c + d and a + c and b + d else None
        spread = 1.96 * math.sqrt(1 / (a + 1) + 1 / (b + 1) + 1 / (c + 1) + 1 / (d + 1))
        margins = (a + b) * (c + d) * (a + c) * (b + d)
        rows.append({'t': t, 'a': a, 'b': b, 'c': c, 'd': d, 'odds_ratio': odds,
                     'low': odds and math.exp(math.log(odds) - spread), 'high': odds and math.exp(math.log(odds) + spread),
                     'phi': (a * d - b * c) / math.sqrt(margins) if margins else None, 'share': (a + b) / len(population)})
    return {'population': len(population), 'left_out': left_out, 'rows': rows}

print(json.dumps(table(28, 56, 7, 5)))

# Online Retail (fixtures/real/online_retail.csv.gz): invoice lines of customers (no cancellation, a customer id),
# each line an event named by its StockCode; retained when the customer bought anything on one of days 30 … 90
# after the first day (those whose day 90 is over when the data ends, at its latest line); the lines of each of five
# stock codes in the first 14 days, thresholds 1 … 3.
import gzip
from datetime import datetime
lines = {}
with gzip.open('fixtures/real/online_retail.csv.gz', 'rt', newline='') as h:
    for row in csv.DictReader(h):
        if row['InvoiceNo'].startswith('C') or not row['CustomerID'].strip():
            continue
        lines.setdefault(row['CustomerID'], []).append((datetime.strptime(row['InvoiceDate'], '%Y-%m-%d %H:%M'), row['StockCode'].lower()))
end = max(t for ls in lines.values() for t, _ in ls)
retail = {'left_out': 0, 'rows': {}}
population = []
for ls in lines.values():
    first = min(t for t, _ in ls)
    day0 = datetime(first.year, first.month, first.day)
    if day0 + timedelta(days=91) > end:
        retail['left_out'] += 1
        continue
    retained = any(30 <= (datetime(t.year, t.month, t.day) - day0).days <= 90 for t, _ in ls)
    early = [code for t, code in ls if t < day0 + timedelta(days=14)]
    population.append((early, retained))
retail['population'] = len(population)
for code in ['85123a', '22423', '47566', '85099b', '20725']:
    for t in range(1, 4):
        did = [r for early, r in population if early.count(code) >= t]
        nd = [r for early, r in population if early.count(code) < t]
        a, b, c, d = sum(did), len(did) - sum(did), sum(nd), len(nd) - sum(nd)
        margins = (a + b) * (c + d) * (a + c) * (b + d)
        retail['rows'][f'{code}:{t}'] = [a, b, c, d, (a + 1) * (d + 1) / ((b + 1) * (c + 1)) if a + b and c + d else None, (a * d - b * c) / math.sqrt(margins) if margins else None]
print(json.dumps(retail))
