#!/usr/bin/env python3
"""CoNLL round trip: join each sentence's tokens with single spaces, run
the tokeniser (bench_text dump) and count sentences whose tokens come back
1:1. Usage: conll_roundtrip.py BENCH_TEXT FILE... [-v N] (show N misses)"""
import subprocess
import sys


def sentences(path):
    sent = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if sent:
                    yield sent
                sent = []
                continue
            tok = line.split("\t")[0].split(" ")[0]
            if tok == "-DOCSTART-":
                continue
            sent.append(tok)
    if sent:
        yield sent


def main():
    args = sys.argv[1:]
    show = 0
    if "-v" in args:
        k = args.index("-v")
        show = int(args[k + 1])
        del args[k:k + 2]
    tool, files = args[0], args[1:]
    for path in files:
        sents = [s for s in sentences(path) if all(t for t in s)]
        # tokens with inner whitespace cannot round-trip; count them as is
        text = "\n".join(" ".join(s) for s in sents) + "\n"
        out = subprocess.run([tool, "dump"], input=text.encode(),
                             capture_output=True, check=True).stdout
        lines = out.decode().split("\n")
        ok = 0
        misses = []
        for s, line in zip(sents, lines):
            got = line.split("\t")[0].split(" ") if line.split("\t")[0] else []
            if got == s:
                ok += 1
            else:
                misses.append((s, got))
        print("%-45s %6d sentences, %6.2f%% 1:1" %
              (path.split("/")[-1], len(sents), 100.0 * ok / len(sents)))
        for s, got in misses[:show]:
            a = set(s) - set(got)
            b = set(got) - set(s)
            print("   gold-only:", sorted(a)[:6], " ours-only:", sorted(b)[:6])


main()
