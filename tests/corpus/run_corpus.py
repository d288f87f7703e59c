#!/usr/bin/env python3
"""The hostile-input corpus (issue 8): every case gives exactly the outcome
expected.tsv names, valid records (schemas/, offsets), and the same outcome
through `newsenrich process` when it fits on one line.

Cases: cases/ (committed) plus what gen_corpus.py --big writes into the
build directory. Prints one line per case (outcome, time) and a summary.
"""
import fnmatch
import os
import subprocess
import sys
import time

from corpuslib import *

MAX_PROCESS_LINE = 1 << 20


def expectations():
    exp = {}
    with open(os.path.join(HERE, "expected.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) not in (2, 3) or parts[0] in exp:
                sys.exit("expected.tsv:%d: bad or repeated line" % n)
            exp[parts[0]] = (parts[1], parts[2].split() if len(parts) == 3 else [])
    return exp


def check_expectation(outcome, rec, checks):
    problems = []
    for c in checks:
        if c.startswith("reason~"):
            if not rec or c[7:] not in rec.get("reason", ""):
                problems.append("reason %r lacks %r" % (rec and rec.get("reason"), c[7:]))
            continue
        key, _, want = c.partition("=")
        if outcome != "ok" or rec is None:
            problems.append("check %s on a rejected input" % c)
            continue
        got = {"lang": rec["language"]["code"], "id": rec["id"],
               "body_bytes": str(len(rec["body"].encode("utf-8"))),
               "dates": ",".join(d["value"] or "null" for d in rec["dates"])}.get(key)
        if got is None:
            problems.append("unknown check %s" % c)
        elif not fnmatch.fnmatchcase(got, want):
            problems.append("%s is %r, expected %r" % (key, got, want))
    return problems


def main():
    cases_dir = os.path.join(HERE, "cases")
    big_dir = os.path.join(BUILD, "corpus-generated")
    gen = os.path.join(HERE, "gen_corpus.py")
    subprocess.run([sys.executable, gen, "--check", cases_dir], check=True)
    subprocess.run([sys.executable, gen, "--big", big_dir], check=True)
    files = {}
    for d in (cases_dir, big_dir):
        for name in sorted(os.listdir(d)):
            files[name] = os.path.join(d, name)
    exp = expectations()
    failures = []
    missing = sorted(set(files) - set(exp))
    stale = sorted(set(exp) - set(files))
    if missing or stale:
        failures.append("cases without expectation %s; expectations without case %s" % (missing, stale))

    validator = nejson.Validator()
    t0 = time.monotonic()
    results = run_driver([files[n] for n in sorted(files)])
    t_driver = time.monotonic() - t0
    articles = {}
    counts = {}
    for name in sorted(files):
        error, records, head = results[files[name]]
        outcome = error or "ok"
        counts[outcome] = counts.get(outcome, 0) + 1
        rec, problems = check_result(validator, error, records, head)
        want, checks = exp.get(name, ("?", []))
        if outcome != want:
            problems.append("gave %s, expected %s" % (outcome, want))
        problems += check_expectation(outcome, rec, checks)
        if outcome == "ok" and rec:
            articles[name] = rec
        detail = rec.get("reason", "") if error and rec else (
            "lang=%s entities=%d claims=%d" % (rec["language"]["code"], len(rec["entities"]),
                                               len(rec["claims"])) if rec else "")
        print("%-32s %-22s %s" % (name, outcome, detail[:80]))
        failures += ["%s: %s" % (name, p) for p in problems]

    # the same inputs through `newsenrich process`, where they fit a line
    line_cases = [n for n in sorted(files)
                  if os.path.getsize(files[n]) <= MAX_PROCESS_LINE
                  and b"\n" not in open(files[n], "rb").read()]
    t0 = time.monotonic()
    lines = run_process([open(files[n], "rb").read() for n in line_cases])
    t_process = time.monotonic() - t0
    for i, (name, raw) in enumerate(zip(line_cases, lines), 1):
        rec, errs = nejson.record_errors(validator, raw)
        if errs:
            failures += ["%s via process: %s" % (name, e) for e in errs]
            continue
        error = results[files[name]][0]
        if error:
            if rec.get("schema") != "newsenrich.error/1" or rec["error"] != error or rec["line"] != i:
                failures.append("%s via process: %r, driver said %s" % (name, raw[:200], error))
        elif rec.get("schema") != "newsenrich.article/1" or \
                comparable(rec) != comparable(articles.get(name, {"processor": {}, "id": ""})):
            failures.append("%s via process: record differs from the driver's" % name)

    print("\n%d cases: %s" % (len(files), ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    print("ne-corpus %.1f s; newsenrich process on %d one-line cases %.1f s"
          % (t_driver, len(line_cases), t_process))
    finish(failures)


if __name__ == "__main__":
    main()
