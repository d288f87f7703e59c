#!/usr/bin/env python3
"""Score newsenrich's claims against gold speech-attribution data.

Runs the real processor (`newsenrich process`) on every document of a set
and compares its claims with the gold annotations:

  claim P/R/F1   a predicted claim matches a gold one when their messages
                 overlap by at least T of the longer of the two (T = 0.3 and
                 0.8), counted on non-space bytes; one-to-one, best first.
  speaker acc.   on claims matched at 0.3 whose gold has a source: the
                 predicted speaker span shares a content word (not an
                 article, preposition or punctuation) with the gold source
                 span. Gold has no entity ids, so spans are compared.
  attributed F1  at 0.3: matched and speaker correct. A gold claim without
                 a source counts as attributed when matched.
  overlaps       predicted claims whose message overlaps their own speaker
                 or cue span (DESIGN.md forbids it; should be 0).

Data sets (see /work/shared/data/README.md):
  wikinews  German WikiNews, SpkAtt-2023 task 2 JSON. The article text is
            rebuilt from the tokens: tokens joined by one space, sentences
            by a newline. Top-level annotations (IsNested false) are the
            gold; a prediction that matches only a nested annotation is
            neither right nor wrong. Split: files in sorted order, every
            10th file (index % 10 == 9) is dev, the rest train.
  polnear   English PolNeAR, BRAT standoff; the body is the text file as it
            is. Where several annotators did an article, the annotation
            file whose name sorts first is used. Splits: train, dev.

Usage:
  tools/eval_claims.py wikinews --split dev
  tools/eval_claims.py polnear --split dev
options: --bin PATH (default build/newsenrich), --models DIR (default
models), --learned on|off (models.claims_learned: the learned German cue
tagger; default: the processor's default), --errors FILE (write every
miss, false alarm and wrong speaker), --json (print the numbers as JSON).
Python 3 standard library only.
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys
import time

WIKINEWS = '/work/shared/data/claims/de/wikinews-train'
POLNEAR = '/work/shared/data/claims/en/polnear'

STOP = set('''der die das des dem den ein eine einer eines einem einen von vom
zu zur zum in im an am auf aus bei mit nach für über unter und oder the a
an of for to in on at by with from and or'''.split())

WORD = re.compile(r'\w+', re.UNICODE)


class Doc:
    def __init__(self, doc_id, text, lang):
        self.id = doc_id
        self.text = text
        self.lang = lang
        self.raw = text.encode('utf-8')
        self.gold = []      # dicts: msg (set of byte offsets), src (list
                            # of (start, end) byte ranges), form, cue
        self.neutral = []   # message byte sets that count neither way


def nonspace(raw, ranges):
    """Set of byte offsets in ranges that are not whitespace."""
    out = set()
    for s, e in ranges:
        for k in range(s, e):
            if raw[k] not in b' \t\r\n':
                out.add(k)
    return out


# ---- WikiNews ----------------------------------------------------------------

def wikinews_docs(split):
    files = sorted(glob.glob(os.path.join(WIKINEWS, '*.json')))
    docs = []
    for idx, path in enumerate(files):
        is_dev = idx % 10 == 9
        if (split == 'dev') != is_dev and split != 'all':
            continue
        with open(path, encoding='utf-8') as f:
            d = json.load(f)
        parts, offs = [], {}
        pos = 0
        for si, sent in enumerate(d['Sentences']):
            if si:
                parts.append('\n')
                pos += 1
            for ti, tok in enumerate(sent['Tokens']):
                if ti:
                    parts.append(' ')
                    pos += 1
                b = len(tok.encode('utf-8'))
                offs['%d:%d' % (si, ti)] = (pos, pos + b)
                parts.append(tok)
                pos += b
        text = ''.join(parts)
        doc = Doc(os.path.basename(path), text, 'de')
        assert len(doc.raw) == pos
        for a in d['Annotations']:
            msg = nonspace(doc.raw, [offs[r] for r in a['Message'] if r in offs])
            if not msg:
                continue
            if a.get('IsNested'):
                doc.neutral.append(msg)
                continue
            doc.gold.append({
                'msg': msg,
                'src': [offs[r] for r in a['Source'] if r in offs],
                'form': a.get('Form', ''),
                'cue': ' '.join(doc.raw[offs[r][0]:offs[r][1]].decode()
                                for r in a['Cue'] if r in offs),
            })
        docs.append(doc)
    return docs


# ---- PolNeAR -------------------------------------------------------------------

def parse_ranges(spec):
    out = []
    for part in spec.split(';'):
        s, e = part.split()
        out.append((int(s), int(e)))
    return out


def polnear_docs(split):
    base = os.path.join(POLNEAR, split)
    anns = sorted(glob.glob(os.path.join(base, 'attributions', '*.ann')))
    first = collections.OrderedDict()
    for a in anns:
        art = os.path.basename(a)[:-4].rsplit('_', 1)[0]
        first.setdefault(art, a)
    docs = []
    for art, ann in first.items():
        with open(os.path.join(base, 'text', art + '.txt'), encoding='utf-8',
                  newline='') as f:
            text = f.read()
        doc = Doc(art, text, 'en')
        b = [0]
        for ch in text:
            b.append(b[-1] + len(ch.encode('utf-8')))
        tb, rel = {}, []
        with open(ann, encoding='utf-8', newline='') as f:
            for line in f:
                p = line.rstrip('\r\n').split('\t')
                if p[0].startswith('T') and len(p) >= 2:
                    label, spec = p[1].split(' ', 1)
                    tb[p[0]] = (label, [(b[s], b[e])
                                        for s, e in parse_ranges(spec)])
                elif p[0].startswith('E') and len(p) >= 2:
                    rel.append(dict(x.split(':', 1) for x in p[1].split()))
        for r in rel:
            if 'Content' not in r or r['Content'] not in tb:
                continue
            msg = nonspace(doc.raw, tb[r['Content']][1])
            if not msg:
                continue
            src = tb[r['Source']][1] if r.get('Source') in tb else []
            cue = ' '.join(doc.raw[s:e].decode() for s, e in
                           tb[r['Cue']][1]) if r.get('Cue') in tb else ''
            doc.gold.append({'msg': msg, 'src': src, 'form': '', 'cue': cue})
        docs.append(doc)
    return docs


# ---- running and scoring ------------------------------------------------------

def run_processor(docs, binary, models, learned=None):
    lines = []
    for d in docs:
        lines.append(json.dumps({'id': d.id, 'body': d.text,
                                 'language': d.lang}, ensure_ascii=False))
    env = dict(os.environ, NEWSENRICH_MODELS_DIR=models)
    if learned:
        env['NEWSENRICH_MODELS_CLAIMS_LEARNED'] = learned
    t0 = time.time()
    out = subprocess.run([binary, 'process'], input=('\n'.join(lines) +
                         '\n').encode('utf-8'), stdout=subprocess.PIPE,
                         env=env, check=True).stdout
    secs = time.time() - t0
    recs = [json.loads(l) for l in out.decode('utf-8').splitlines() if l]
    if len(recs) != len(docs):
        sys.exit('processor returned %d records for %d documents' %
                 (len(recs), len(docs)))
    return recs, secs


def overlap(p, g):
    if not p or not g:
        return 0.0
    return len(p & g) / max(len(p), len(g))


def content_words(raw, ranges):
    """Byte offsets of the words in ranges that are not stop words."""
    out = set()
    for s, e in ranges:
        text = raw[s:e].decode('utf-8', 'replace')
        for m in WORD.finditer(text):
            if m.group(0).lower() not in STOP:
                out.add(s + len(text[:m.start()].encode('utf-8')))
    return out


def context(raw, lo, hi):
    """The lines (sentences, paragraphs) around bytes [lo, hi)."""
    a = raw.rfind(b'\n', 0, lo) + 1
    b = raw.find(b'\n', hi)
    if b < 0:
        b = len(raw)
    return raw[a:b].decode('utf-8', 'replace')[:500]


def speaker_ok(doc, gold, claim):
    sp = claim.get('speaker')
    if not sp:
        return False
    g = content_words(doc.raw, gold['src'])
    p = content_words(doc.raw, [(sp['start'], sp['end'])])
    return bool(g & p)


def match(preds, golds, thr):
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            o = overlap(p, g)
            if o >= thr:
                pairs.append((o, i, j))
    pairs.sort(reverse=True)
    pm, gm = {}, {}
    for o, i, j in pairs:
        if i not in pm and j not in gm:
            pm[i] = j
            gm[j] = i
    return pm, gm


def prf(tp, npred, ngold):
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(docs, recs, errors):
    tot = collections.Counter()
    for doc, rec in zip(docs, recs):
        claims = [c for c in rec.get('claims', []) if c['field'] == 'body']
        pred = [nonspace(doc.raw, [(c['start'], c['end'])]) for c in claims]
        gold = [g['msg'] for g in doc.gold]
        # predictions that only match a nested gold claim are neutral
        keep = []
        for i, p in enumerate(pred):
            best_top = max([overlap(p, g) for g in gold] or [0])
            best_nest = max([overlap(p, g) for g in doc.neutral] or [0])
            if best_top < 0.3 and best_nest >= 0.3:
                tot['neutral'] += 1
                continue
            keep.append(i)
        claims = [claims[i] for i in keep]
        pred = [pred[i] for i in keep]
        for c in claims:
            # DESIGN.md: the message covers neither the speaker nor the cue
            for part in ('speaker', 'cue'):
                sp = c.get(part)
                if sp and sp['field'] == c['field'] and \
                        sp['start'] < c['end'] and c['start'] < sp['end']:
                    tot['overlap'] += 1
                    if errors is not None:
                        errors.append({'type': 'contract', 'doc': doc.id,
                                       'part': part, 'text': c['text'][:200],
                                       part: sp['text']})
                    break
        tot['pred'] += len(pred)
        tot['gold'] += len(gold)
        for thr in (0.3, 0.8):
            pm, _ = match(pred, gold, thr)
            tot['tp%.1f' % thr] += len(pm)
        pm, gm = match(pred, gold, 0.3)
        for i, j in pm.items():
            g = doc.gold[j]
            if not g['src']:
                tot['attr'] += 1
                tot['nosrc'] += 1
                continue
            tot['spk_n'] += 1
            if speaker_ok(doc, g, claims[i]):
                tot['spk_ok'] += 1
                tot['attr'] += 1
            elif errors is not None:
                sp = claims[i].get('speaker') or {}
                errors.append({'type': 'speaker', 'doc': doc.id,
                               'context': context(doc.raw, claims[i]['start'],
                                                  claims[i]['end']),
                               'pred_speaker': sp.get('text'),
                               'gold_speaker': ' | '.join(
                                   doc.raw[s:e].decode() for s, e in g['src']),
                               'cue': (claims[i].get('cue') or {}).get('text'),
                               'text': claims[i]['text'][:200]})
        if errors is None:
            continue
        for i, c in enumerate(claims):
            if i not in pm:
                errors.append({'type': 'false_alarm', 'doc': doc.id,
                               'context': context(doc.raw, c['start'],
                                                  c['end']),
                               'kind': c['kind'],
                               'speaker': (c.get('speaker') or {}).get('text'),
                               'cue': (c.get('cue') or {}).get('text'),
                               'text': c['text'][:200]})
        for j, g in enumerate(doc.gold):
            if j not in gm:
                lo, hi = min(g['msg']), max(g['msg']) + 1
                # a miss that a prediction overlaps (below 0.3) is a
                # boundary error, not a frame the rules did not see
                best = max([overlap(p, g['msg']) for p in pred] or [0])
                errors.append({'type': 'miss', 'doc': doc.id,
                               'context': context(doc.raw, lo, hi),
                               'form': g['form'], 'cue': g['cue'],
                               'best_overlap': round(best, 2),
                               'speaker': ' | '.join(doc.raw[s:e].decode()
                                                     for s, e in g['src']),
                               'text': doc.raw[lo:hi].decode('utf-8',
                                                             'replace')[:200]})
    res = {'documents': len(docs), 'gold': tot['gold'], 'predicted': tot['pred'],
           'neutral_nested': tot['neutral'],
           'message_overlaps_speaker_or_cue': tot['overlap']}
    for thr in (0.3, 0.8):
        p, r, f = prf(tot['tp%.1f' % thr], tot['pred'], tot['gold'])
        res['claims@%.1f' % thr] = {'P': round(p, 3), 'R': round(r, 3),
                                    'F1': round(f, 3)}
    res['tp'] = tot['tp0.3']; res['attr_n'] = tot['attr']
    res['speaker_accuracy'] = round(tot['spk_ok'] / tot['spk_n'], 3) \
        if tot['spk_n'] else 0.0
    res['speaker_scored'] = tot['spk_n']
    res['matched_gold_without_source'] = tot['nosrc']
    p, r, f = prf(tot['attr'], tot['pred'], tot['gold'])
    res['attributed@0.3'] = {'P': round(p, 3), 'R': round(r, 3),
                             'F1': round(f, 3)}
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('set', choices=['wikinews', 'polnear'])
    ap.add_argument('--split', default='dev')
    ap.add_argument('--bin', default='build/newsenrich')
    ap.add_argument('--models', default='models')
    ap.add_argument('--learned', choices=['on', 'off'],
                    help='models.claims_learned for this run')
    ap.add_argument('--errors', help='write error records (JSONL) here')
    ap.add_argument('--json', action='store_true')
    args = ap.parse_args()
    if args.set == 'wikinews':
        if args.split not in ('dev', 'train', 'all'):
            sys.exit('wikinews splits: dev, train, all')
        docs = wikinews_docs(args.split)
    else:
        if args.split not in ('dev', 'train'):
            sys.exit('polnear splits: dev, train')
        docs = polnear_docs(args.split)
    recs, secs = run_processor(docs, args.bin, args.models, args.learned)
    errors = [] if args.errors else None
    res = score(docs, recs, errors)
    res['seconds'] = round(secs, 2)
    if errors is not None:
        with open(args.errors, 'w', encoding='utf-8') as f:
            for e in errors:
                f.write(json.dumps(e, ensure_ascii=False) + '\n')
    if args.json:
        print(json.dumps(res, indent=1))
        return
    print('%s %s: %d documents, %d gold claims, %d predicted (%d neutral: '
          'nested gold only)' % (args.set, args.split, res['documents'],
                                 res['gold'], res['predicted'],
                                 res['neutral_nested']))
    for k in ('claims@0.3', 'claims@0.8', 'attributed@0.3'):
        m = res[k]
        print('  %-15s P %.3f  R %.3f  F1 %.3f' % (k, m['P'], m['R'], m['F1']))
    print('  speaker accuracy %.3f on %d matched claims with a gold source '
          '(%d matched without one)' % (res['speaker_accuracy'],
                                        res['speaker_scored'],
                                        res['matched_gold_without_source']))
    print('  messages overlapping their speaker or cue: %d' %
          res['message_overlaps_speaker_or_cue'])
    print('  processor time %.2f s' % secs)


if __name__ == '__main__':
    main()
