# Run from the repository root: python3 test/independent/social_depth.py (Python 3.9+, standard library only).
# Independent figures for engage's social depth on X's legacy export (debruine_2021):
# Python's csv, re, statistics and zoneinfo only.
import csv, glob, re, statistics, sys, json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

files = sorted(glob.glob('../shared/datasets/real-exports/x_tweet_activity/debruine_2021/*.csv'))
posts = []
for f in files:
    with open(f, encoding='utf-8-sig', newline='') as h:
        for row in csv.DictReader(h):
            t = datetime.strptime(row['time'], '%Y-%m-%d %H:%M %z')
            inter = sum(float(row[c] or 0) for c in ('likes', 'replies', 'retweets'))
            basis = float(row['impressions'] or 0)
            posts.append({'id': row['Tweet id'], 't': t, 'text': row['Tweet text'], 'i': inter, 'b': basis})

# Hashtags: '#' or '＃', then a letter/digit/_ then letters, marks, digits, _; not in URL tokens.
tag = re.compile(r'[#＃]([^\W][\w]*)')
def is_mark(ch):
    import unicodedata
    return unicodedata.category(ch).startswith('M')
def tags_of(text):
    out = []
    for tok in re.split(r'\s+', text):
        if not tok or re.match(r'(?i)^(https?://|www\.)', tok):
            continue
        i = 0
        while i < len(tok):
            if tok[i] in '#＃' and i + 1 < len(tok):
                j = i + 1
                c = tok[j]
                if (c.isalpha() or c.isdecimal() or c == '_'):
                    while j < len(tok) and (tok[j].isalpha() or tok[j].isdecimal() or tok[j] == '_' or is_mark(tok[j])):
                        j += 1
                    t = tok[i+1:j].lower()
                    if t not in out:
                        out.append(t)
                    i = j
                    continue
            i += 1
    return out

def figures(group):
    rated = [p for p in group if p['b'] > 0]
    rates = [p['i'] / p['b'] for p in rated]
    return {'posts': len(group), 'interactions': sum(p['i'] for p in group), 'basis': sum(p['b'] for p in group),
            'pooled': sum(p['i'] for p in rated) / sum(p['b'] for p in rated) if rated else None,
            'median': statistics.median(rates) if rates else None}

by_tag = {}
for p in posts:
    for t in (tags_of(p['text']) or ['(none)']):
        by_tag.setdefault(t, []).append(p)
top = sorted(by_tag.items(), key=lambda kv: -len(kv[1]))[:5]
print('tags', len(by_tag), json.dumps({k: figures(v) for k, v in top}, ensure_ascii=False))

tz = ZoneInfo('Europe/London')
cells = {}
for p in posts:
    local = p['t'].astimezone(tz)
    cells.setdefault((local.strftime('%a'), local.strftime('%H')), []).append(p)
print('cells', len(cells))
for key in [('Mon', '09'), ('Fri', '15'), ('Sun', '21')]:
    print(key, figures(cells.get(key, [])))
# Best: highest median among cells with >= 3 rated posts; ties more posts, earlier weekday, hour.
order = ['Mon','Tue','Wed','Thu','Fri','Sat','Sun']
cands = [(k, figures(v)) for k, v in cells.items() if len([p for p in v if p['b'] > 0]) >= 3 and len(v) >= 3]
best = sorted(cands, key=lambda kv: (-kv[1]['median'], -kv[1]['posts'], order.index(kv[0][0]), int(kv[0][1])))[0]
print('best', best)

# Breakouts: same platform (one), baseline [t - 84 days, t) at the same local clock in Europe/London, rated posts only.
rated = sorted([p for p in posts if p['b'] > 0], key=lambda p: p['t'])
def score(p):
    local = p['t'].astimezone(tz)
    start = (local.replace(tzinfo=None) - timedelta(days=84)).replace(tzinfo=tz)
    base = [q['i'] / q['b'] for q in rated if start <= q['t'] < p['t']]
    if len(base) < 10: return None, len(base)
    m = statistics.median(base)
    mad = statistics.median([abs(r - m) for r in base])
    if mad == 0: return None, len(base)
    return (p['i'] / p['b'] - m) / (1.4826 * mad), len(base)
scores = [(p['id'], *score(p)) for p in rated]
scored = [s for s in scores if s[1] is not None]
print('scored', len(scored), 'breakouts', sum(1 for s in scored if s[1] > 3))
best_s = max(scored, key=lambda s: s[1])
print('top', best_s)
print('first scored', next(s for s in scores if s[1] is not None))

# Instagram (real-exports-2/instagram/Instagram data.csv): tags of the Caption and of the Hashtags column together.
ig = []
with open('../shared/datasets/real-exports-2/instagram/Instagram data.csv', encoding='utf-8-sig', newline='') as h:
    for row in csv.DictReader(h):
        inter = sum(float(row[c] or 0) for c in ('Likes', 'Comments', 'Shares', 'Saves'))
        listed = ' '.join('#' + w.lstrip('#＃') for w in re.split(r'[\s,，、]+', row['Hashtags']) if w)
        tags = tags_of(row['Caption'])
        for t in tags_of(listed):
            if t not in tags:
                tags.append(t)
        ig.append({'t': datetime.strptime(row['Date'], '%Y-%m-%d'), 'tags': tags, 'i': inter, 'b': float(row['Impressions'] or 0)})
by_tag = {}
for p in ig:
    for t in (p['tags'] or ['(none)']):
        by_tag.setdefault(t, []).append(p)
top = sorted(by_tag.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:3]
print('instagram tags', len(by_tag), json.dumps({k: figures(v) for k, v in top}, ensure_ascii=False))
days = {}
for p in ig:
    days.setdefault(p['t'].strftime('%a'), []).append(p)
print('instagram weekdays', json.dumps({k: figures(v) for k, v in sorted(days.items())}))

# YouTube Studio's Table data (areikher): (Likes + Shares) / Impressions by the weekday of "Video publish time" (a date).
yt = {}
with open('../shared/datasets/real-exports/youtube/areikher_Table data.csv', encoding='utf-8-sig', newline='') as h:
    for row in csv.DictReader(h):
        if row['Content'] == 'Total' or not row['Video publish time']:
            continue
        day = datetime.strptime(row['Video publish time'], '%b %d, %Y').strftime('%a')
        yt.setdefault(day, []).append({'i': float(row['Likes'] or 0) + float(row['Shares'] or 0), 'b': float(row['Impressions'] or 0)})
print('youtube weekdays', json.dumps({k: figures(v) for k, v in sorted(yt.items())}))

# The legacy Facebook Insights post export (favstats_post_stats.csv): Lifetime Post Stories / Lifetime Post Total Reach by post type,
# Photo as image, Status as text, Video and SharedVideo as video; its second row describes the columns.
formats = {'photo': 'image', 'status': 'text', 'link': 'link', 'video': 'video', 'sharedvideo': 'video'}
fb = {}
with open('../shared/datasets/real-exports/facebook_insights_legacy/favstats_post_stats.csv', encoding='utf-8-sig', newline='') as h:
    rows = list(csv.reader(h))
head = rows[0]
for row in rows[2:]:
    kind = row[head.index('Type')].strip()
    key = formats.get(kind.lower().replace(' ', ''), kind.lower()) if kind else '(blank)'
    fb.setdefault(key, []).append({'i': float(row[head.index('Lifetime Post Stories')] or 0), 'b': float(row[head.index('Lifetime Post Total Reach')] or 0)})
print('facebook formats', json.dumps({k: figures(v) for k, v in sorted(fb.items())}))

# TikTok Studio's Content.csv: "Post time" has no year ("July 16"); with 2025 given, (likes + comments + shares) / views
# by weekday, and by hashtag of the "Video title".
tk = []
with open('../shared/datasets/real-exports/tiktok/Content.csv', encoding='utf-8-sig', newline='') as h:
    for row in csv.DictReader(h):
        day = datetime.strptime(row['Post time'] + ' 2025', '%B %d %Y').strftime('%a')
        inter = sum(float(row[c] or 0) for c in ('Total likes', 'Total comments', 'Total shares'))
        tk.append({'day': day, 'tags': tags_of(row['Video title']), 'i': inter, 'b': float(row['Total views'] or 0)})
days = {}
for p in tk:
    days.setdefault(p['day'], []).append(p)
print('tiktok weekdays 2025', json.dumps({k: figures(v) for k, v in sorted(days.items())}))
tags = {}
for p in tk:
    for t in (p['tags'] or ['(none)']):
        tags.setdefault(t, []).append(p)
print('tiktok tags', len(tags), json.dumps({k: figures(v) for k, v in sorted(tags.items()) if len(v) > 1 or k == '(none)'}, ensure_ascii=False))
