#!/usr/bin/env python3
"""Langid check: run bench_text langid over labelled texts and print
accuracy per language. Usage: langid_eval.py BENCH_TEXT MODELS TSV...
(TSV lines: code<TAB>text; 'und' means: must answer und)."""
import collections
import subprocess
import sys

tool, models, files = sys.argv[1], sys.argv[2], sys.argv[3:]
data = b"".join(open(f, "rb").read() for f in files)
out = subprocess.run([tool, "langid", models], input=data,
                     capture_output=True, check=True).stdout.decode()
per = collections.defaultdict(lambda: [0, 0])
errs = collections.Counter()
confs = collections.defaultdict(list)
for line in out.splitlines():
    gold, got, conf = line.split("\t")
    per[gold][1] += 1
    confs[gold].append(float(conf))
    if gold == got:
        per[gold][0] += 1
    else:
        errs[(gold, got)] += 1
tot = sum(v[1] for v in per.values())
ok = sum(v[0] for v in per.values())
for lang in sorted(per):
    c, n = per[lang]
    print("%-4s %4d/%-4d %6.1f%%  mean conf %.2f" %
          (lang, c, n, 100.0 * c / n, sum(confs[lang]) / n))
print("all  %d/%d %.1f%%" % (ok, tot, 100.0 * ok / tot))
print("confusions:", errs.most_common(12))
