"""Golden records: `newsenrich process` on the bundled example articles
(the German seed article first) must give exactly the records pinned in
tests/golden/<id>.record.json, except processor.micros (a timing).

After a reviewed change of behaviour (a new model, a new rule), regenerate:
    NEWSENRICH_UPDATE_GOLDEN=1 python3 tests/integration/cli_golden.py
and read the diff before committing it."""
import difflib
import json
import os
import subprocess

from itlib import NEWSENRICH, SOURCE, fail, log, run_test

GOLDEN = os.path.join(SOURCE, "tests", "golden")


def normalise(rec):
    rec = json.loads(rec)
    rec["processor"]["micros"] = 0
    return rec


def main(cleanup):
    with open(os.path.join(SOURCE, "examples", "articles.jsonl"), "rb") as f:
        inp = f.read()
    r = subprocess.run([NEWSENRICH, "process"], input=inp, capture_output=True)
    if r.returncode != 0:
        fail("process exited %d: %s" % (r.returncode, r.stderr.decode()))
    lines = r.stdout.decode().splitlines()
    if len(lines) != inp.count(b"\n"):
        fail("%d output lines for %d input lines" % (len(lines), inp.count(b"\n")))
    update = os.environ.get("NEWSENRICH_UPDATE_GOLDEN")
    for line in lines:
        rec = normalise(line)
        name = rec["id"].replace("/", "_") + ".record.json"
        path = os.path.join(GOLDEN, name)
        text = json.dumps(rec, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
        if update:
            with open(path, "w") as f:
                f.write(text)
            log("wrote %s" % name)
            continue
        try:
            with open(path) as f:
                want = f.read()
        except OSError:
            fail("no golden file %s (run with NEWSENRICH_UPDATE_GOLDEN=1)" % path)
        if want != text:
            diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                                "golden/" + name, "output", n=2))
            fail("%s differs from its golden record:\n%s" % (rec["id"], diff[:6000]))
        log("%s: %d entities, %d claims, %d dates, %d quantities match"
            % (rec["id"], len(rec["entities"]), len(rec["claims"]), len(rec["dates"]),
               len(rec["quantities"])))


run_test(main)
