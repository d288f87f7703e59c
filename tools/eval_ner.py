#!/usr/bin/env python3
"""Score the real processor's entity mentions against a CoNLL file.

    tools/eval_ner.py [--bin build/newsenrich] [--lang de] [--json]
                      [--models DIR] [--group N | --docs] [--errors]
                      FILE.conll

Each sentence of FILE becomes one article: its tokens joined with single
spaces as "body", "language" set to --lang. With --group N, N consecutive
sentences (a line break between them) make one article instead, so that
what the processor does across sentences (name propagation, clustering)
is scored too; the reported numbers are for N = 1. With --docs, the
sentences of each CoNLL document (between -DOCSTART- lines) make one
article: the per-document protocol. The shared CoNLL-2003 files lost their
-DOCSTART- lines, so where a file has none, a Reuters dateline ("LONDON
1996-08-30": a short sentence ending in a YYYY-MM-DD token) marks the
second sentence of a document, after its headline. GermEval and UNER have
neither. The articles go through
`newsenrich process` (the same code the daemon runs); every
entities[].mentions[] in the body, with its entity's type, is a predicted
span. Gold spans are the byte offsets of the gold tokens in the joined text.
Scoring is strict: a prediction counts only when start, end and type all
match. Prints precision, recall and F1 per type and micro-averaged; with
--errors, first every missed and every wrong span (gold or predicted type,
text) on stderr, one a line, for error studies.
"""
import argparse
import json
import os
import re
import subprocess
import sys

TYPES = ("PER", "ORG", "LOC", "MISC")


def read_conll(path, docs=None):
    """List of sentences, each a list of (token, tag). When docs is a
    list, the index of each document's first sentence is appended to it."""
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            tok, sep, tag = line.rpartition("\t")
            if not sep:
                sys.exit(f"{path}:{lineno}: expected token TAB tag")
            if tok == "-DOCSTART-":
                if cur:
                    sents.append(cur)
                    cur = []
                if docs is not None:
                    docs.append(len(sents))
                continue
            cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


DATELINE = re.compile(r"\d{4}-\d\d-\d\d$")
DATELINE_MAX_TOKENS = 8


def dateline_docs(sents):
    """First sentence index of each document of a Reuters file without
    -DOCSTART-: the headline before each dateline sentence."""
    starts = [i - 1 for i, s in enumerate(sents)
              if i and len(s) <= DATELINE_MAX_TOKENS
              and DATELINE.match(s[-1][0])]
    return [0] + starts


def gold_spans(sent, breaks=()):
    """Joined body text and its gold spans {(start, end, type)} in bytes.
    A line break instead of a space goes before each token index in
    breaks."""
    body, offs, pos = [], [], 0
    for k, (tok, _) in enumerate(sent):
        b = len(tok.encode("utf-8"))
        if k:
            body.append("\n" if k in breaks else " ")
        offs.append((pos, pos + b))
        pos += b + 1
        body.append(tok)
    spans, i = set(), 0
    while i < len(sent):
        tag = sent[i][1]
        if tag == "O":
            i += 1
            continue
        typ, j = tag[2:], i + 1
        while j < len(sent) and sent[j][1] == "I-" + typ:
            j += 1
        spans.add((offs[i][0], offs[j - 1][1], typ))
        i = j
    return "".join(body), spans


def group_sentences(sents, n, docs=None):
    """Articles of n consecutive sentences, or of the documents starting at
    the sentence indexes docs: (tokens, sentence starts)."""
    if docs:
        bounds = sorted(set([0] + docs + [len(sents)]))
    else:
        bounds = list(range(0, len(sents), n)) + [len(sents)]
    for g, e in zip(bounds, bounds[1:]):
        toks, starts = [], set()
        for s in sents[g:e]:
            starts.add(len(toks))
            toks.extend(s)
        yield toks, starts


def run_processor(binary, models, bodies, lang):
    articles = "".join(
        json.dumps({"id": f"s{i}", "body": b, "language": lang},
                   ensure_ascii=False) + "\n"
        for i, b in enumerate(bodies))
    env = dict(os.environ)
    if models:
        env["NEWSENRICH_MODELS_DIR"] = models
    out = subprocess.run([binary, "process"], input=articles.encode("utf-8"),
                         stdout=subprocess.PIPE, env=env, check=True).stdout
    lines = out.decode("utf-8").splitlines()
    if len(lines) != len(bodies):
        sys.exit(f"eval_ner: {len(bodies)} articles in, {len(lines)} out")
    preds = []
    for i, line in enumerate(lines):
        rec = json.loads(line)
        if rec.get("schema") != "newsenrich.article/1":
            sys.exit(f"eval_ner: article s{i} rejected: {line}")
        spans = set()
        for ent in rec.get("entities", []):
            for m in ent.get("mentions", []):
                if m.get("field") == "body":
                    spans.add((m["start"], m["end"], ent["type"]))
        preds.append(spans)
    return preds


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("conll")
    ap.add_argument("--bin", default=os.path.join(here, "..", "build",
                                                  "newsenrich"))
    ap.add_argument("--lang", default="de")
    ap.add_argument("--models", help="models directory (default: the "
                    "processor's, or $NEWSENRICH_MODELS_DIR)")
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument("--group", type=int, default=1, metavar="N",
                    help="N consecutive sentences make one article")
    ap.add_argument("--docs", action="store_true",
                    help="each -DOCSTART- document makes one article")
    ap.add_argument("--errors", action="store_true",
                    help="list missed (FN) and wrong (FP) spans on stderr")
    args = ap.parse_args()

    docs = [] if args.docs else None
    sents = read_conll(args.conll, docs)
    if args.docs and not docs:
        docs = dateline_docs(sents)
        if len(docs) < 2:
            sys.exit(f"eval_ner: {args.conll} has no -DOCSTART- lines "
                     "and no datelines")
    bodies, golds = zip(*(gold_spans(t, b)
                          for t, b in group_sentences(sents,
                                                      max(args.group, 1),
                                                      docs)))
    preds = run_processor(args.bin, args.models, bodies, args.lang)
    if args.errors:
        for body, gold, pred in zip(bodies, golds, preds):
            raw = body.encode("utf-8")
            for kind, spans in (("FN", gold - pred), ("FP", pred - gold)):
                for s in sorted(spans):
                    text = raw[s[0]:s[1]].decode("utf-8", "replace")
                    print(f"{kind}\t{s[2]}\t{text}", file=sys.stderr)

    cnt = {t: [0, 0, 0] for t in TYPES}  # tp, fp, fn
    for gold, pred in zip(golds, preds):
        for s in pred:
            cnt.setdefault(s[2], [0, 0, 0])[0 if s in gold else 1] += 1
        for s in gold - pred:
            cnt.setdefault(s[2], [0, 0, 0])[2] += 1
    total = [sum(c[k] for c in cnt.values()) for k in range(3)]
    result = {"file": os.path.basename(args.conll), "sentences": len(sents),
              "types": {}, "micro": {}}
    for t, c in list(cnt.items()) + [("micro", total)]:
        p, r, f = prf(*c)
        row = {"precision": round(p, 4), "recall": round(r, 4),
               "f1": round(f, 4), "gold": c[0] + c[2], "predicted": c[0] + c[1]}
        if t == "micro":
            result["micro"] = row
        else:
            result["types"][t] = row
    if args.json:
        print(json.dumps(result, indent=2))
        return
    unit = ("one article per document" if args.docs else
            "one article each" if args.group <= 1 else
            f"{args.group} to an article")
    print(f"{result['file']}: {len(sents)} sentences, {unit}, "
          "strict span + type")
    print(f"{'type':6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}")
    for t, row in list(result["types"].items()) + [("micro",
                                                    result["micro"])]:
        print(f"{t:6} {row['precision']:7.4f} {row['recall']:7.4f} "
              f"{row['f1']:7.4f} {row['gold']:6d} {row['predicted']:6d}")


if __name__ == "__main__":
    main()
