#!/usr/bin/env python3
"""Property test over the fuzz inputs (issue 8): every input the fuzzers
keep (the committed seeds of fuzz/corpus/{decode,processor,text} and what
this run's fuzzers added under <build>/fuzz-build/corpus) goes through the
processor as a Kafka message. Rejected inputs must give a valid error line;
accepted ones valid records: schemas/, offsets inside their field on
character boundaries, text equal to the bytes, per-entity and per-claim
records equal to the article's objects."""
import os
import shutil
import sys
import tempfile

from corpuslib import *


def inputs(snapshot):
    """Copies, so that a fuzzer still running may reduce its corpus."""
    dirs = [os.path.join(SOURCE, "fuzz", "corpus", t) for t in ("decode", "processor", "text")]
    dirs += [os.path.join(BUILD, "fuzz-build", "corpus", t) for t in ("decode", "processor", "text")]
    out = []
    for k, d in enumerate(dirs):
        if not os.path.isdir(d):
            continue
        for n in sorted(os.listdir(d)):
            dst = os.path.join(snapshot, "%d-%s" % (k, n))
            try:
                shutil.copyfile(os.path.join(d, n), dst)
            except FileNotFoundError:
                continue
            out.append(dst)
    return out


def main():
    with tempfile.TemporaryDirectory() as snapshot:
        check(inputs(snapshot))


def check(paths):
    validator = nejson.Validator()
    results = run_driver(paths, ["--topic", "news.raw"])
    failures = []
    counts = {}
    for p in paths:
        error, records, head = results[p]
        counts[error or "ok"] = counts.get(error or "ok", 0) + 1
        _, problems = check_result(validator, error, records, head)
        failures += ["%s: %s" % (p, x) for x in problems]
    print("%d fuzz inputs: %s" % (len(paths), ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    finish(failures)


if __name__ == "__main__":
    main()
