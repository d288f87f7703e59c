#!/usr/bin/env python3
"""Build the de/en langid check sets from held-out data (not used for the
profiles): short = one sentence (>= 6 tokens) from conll2003-de-test,
germeval2014-dev (de; the profile uses it too), conll2003-en-dev,
wnut17-test; title = its first 6 tokens; long = 200 10kGNAD articles and
200 PolNeAR articles (evaluation only, nothing from them ships).
Usage: langid_checkset.py SHARED_DATA OUTDIR"""
import csv
import glob
import random
import sys

data, outdir = sys.argv[1], sys.argv[2]
random.seed(7)


def sents(path):
    s = []
    for line in open(path, encoding="utf-8"):
        t = line.rstrip("\n").split("\t")[0]
        if not t:
            if s:
                yield s
            s = []
            continue
        if t != "-DOCSTART-":
            s.append(t)


def pick(path, code, n):
    ss = [s for s in sents(path) if len(s) >= 6]
    random.shuffle(ss)
    return [code + "\t" + " ".join(s) for s in ss[:n]]


short = (pick(data + "/ner/de/conll2003-de-test.conll", "de", 300) +
         pick(data + "/ner/de/germeval2014-dev.conll", "de", 100) +
         pick(data + "/ner/en/conll2003-en-dev.conll", "en", 300) +
         pick(data + "/ner/en/wnut17-test.conll", "en", 100))
title = [l.split("\t")[0] + "\t" + " ".join(l.split("\t")[1].split(" ")[:6])
         for l in short]
rows = list(csv.reader(open(data + "/text/de/10kgnad-test.csv",
                            encoding="utf-8"), delimiter=";", quotechar="'"))
long = ["de\t" + r[1].replace("\n", " ").replace("\t", " ")
        for r in rows[:200]]
pol = (sorted(glob.glob(data + "/claims/en/polnear/dev/text/*.txt"))[:84] +
       sorted(glob.glob(data + "/claims/en/polnear/train/text/*.txt"))[:116])
for p in pol:
    long.append("en\t" + open(p, encoding="utf-8").read()
                .replace("\n", " ").replace("\t", " "))
for name, lines in (("short", short), ("title", title), ("long", long)):
    with open("%s/lid-%s.tsv" % (outdir, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
