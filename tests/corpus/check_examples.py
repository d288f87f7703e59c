#!/usr/bin/env python3
"""Real output against the schemas: the sample articles through
`newsenrich process` (one record per line, in order) and through the
processor as Kafka messages (ne-corpus --topic), where the per-entity and
per-claim records are checked too."""
import os
import sys
import tempfile

from corpuslib import *


def main():
    examples = os.path.join(SOURCE, "examples")
    with open(os.path.join(examples, "articles.jsonl"), "rb") as f:
        lines = [l.rstrip(b"\n") for l in f if l.strip()]
    validator = nejson.Validator()
    failures = []
    out = run_process(lines)
    for i, raw in enumerate(out, 1):
        rec, errs = nejson.record_errors(validator, raw)
        failures += ["process line %d: %s" % (i, e) for e in errs]
        if rec and rec.get("schema") != "newsenrich.article/1":
            failures.append("process line %d: %s" % (i, raw[:200]))
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, l in enumerate(lines):
            paths.append(os.path.join(d, "line%d" % (i + 1)))
            with open(paths[-1], "wb") as f:
                f.write(l)
        paths.append(os.path.join(examples, "kim-russland.json"))
        results = run_driver(paths, ["--topic", "news.raw"])
        n_ent = n_claim = 0
        for p in paths:
            error, records, head = results[p]
            if error:
                failures.append("%s rejected: %s" % (p, records[0][:200]))
                continue
            rec, problems = check_result(validator, error, records, head)
            failures += ["%s: %s" % (os.path.basename(p), x) for x in problems]
            if rec and (rec["source_offset"] or {}).get("topic") != "news.raw":
                failures.append("%s: source_offset %r" % (p, rec["source_offset"]))
            n_ent += sum(1 for r in head["records"] if r["kind"] == "entity")
            n_claim += sum(1 for r in head["records"] if r["kind"] == "claim")
    print("%d articles via process, %d via the processor: %d entity and %d claim "
          "records checked" % (len(out), len(paths), n_ent, n_claim))
    finish(failures)


if __name__ == "__main__":
    main()
