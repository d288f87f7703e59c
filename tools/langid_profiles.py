#!/usr/bin/env python3
"""Build the de/en character-trigram profiles for processor/langid.c.

Reads word tokens from CoNLL files (token<TAB>tag lines) and writes the
most frequent trigrams of code points of " word " (lower case) with counts:

    tools/langid_profiles.py models/langid-de.txt de FILE...
    tools/langid_profiles.py models/langid-en.txt en FILE...

The files used for the shipped profiles are listed in models/README.md.
"""
import collections
import sys

TOP = 6000


def words(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            tok = line.split("\t")[0].strip()
            if tok and tok != "-DOCSTART-" and any(c.isalpha() for c in tok):
                yield tok.lower()


def main():
    out, lang, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    counts = collections.Counter()
    for path in files:
        for w in words(path):
            s = " " + w + " "
            for i in range(len(s) - 2):
                counts[s[i:i + 3]] += 1
    total = sum(counts.values())
    with open(out, "w", encoding="utf-8") as f:
        f.write("# newsenrich langid profile 1\n# lang %s trigrams %d "
                "total %d\n# sources: %s\n" %
                (lang, min(TOP, len(counts)), total,
                 " ".join(p.split("/")[-1] for p in files)))
        f.write("total\t%d\n" % total)
        for tri, c in counts.most_common(TOP):
            if "\t" not in tri and "\n" not in tri:
                f.write("%s\t%d\n" % (tri, c))


main()
