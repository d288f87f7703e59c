"""Shared by the corpus tests: run ne-corpus and newsenrich process, check
every record they print against schemas/ and the offset contract."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("NE_SOURCE_DIR", os.path.join(HERE, "..", ".."))
BUILD = os.environ.get("NE_BUILD_DIR", os.path.join(SOURCE, "build"))
sys.path.insert(0, os.path.join(SOURCE, "tests", "schema"))
import nejson  # noqa: E402

NE_CORPUS = os.path.join(BUILD, "tests", "corpus", "ne-corpus")
NEWSENRICH = os.path.join(BUILD, "newsenrich")


def run_driver(paths, extra_args=()):
    """ne-corpus over paths: {path: (error or None, [record bytes], header)}."""
    out = {}
    # bounded argument lists; one processor load per chunk
    for i in range(0, len(paths), 500):
        chunk = paths[i:i + 500]
        r = subprocess.run([NE_CORPUS] + list(extra_args) + chunk, capture_output=True)
        if r.returncode != 0:
            raise AssertionError("ne-corpus failed (%d): %s" % (
                r.returncode, r.stderr.decode(errors="replace")[-3000:]))
        lines = r.stdout.split(b"\n")
        k = 0
        while k < len(lines) and lines[k]:
            head = json.loads(lines[k])
            n = 1 if head["error"] else len(head["records"])
            out[head["input"]] = (head["error"], lines[k + 1:k + 1 + n], head)
            k += 1 + n
        if len(out) < i + len(chunk):
            raise AssertionError("ne-corpus printed results for %d of %d inputs"
                                 % (len(out) - i, len(chunk)))
    return out


def check_result(validator, error, records, head):
    """Problems with one input's output, as a list of strings; also returns
    the parsed first record (article or error line)."""
    problems = []
    if error:
        rec, errs = nejson.record_errors(validator, records[0])
        problems += ["error line: " + e for e in errs]
        if rec and rec.get("error") != error:
            problems.append("error line says %r, header %r" % (rec.get("error"), error))
        return rec, problems
    kinds = [r["kind"] for r in head["records"]]
    if not kinds or kinds[0] != "enriched" or kinds.count("enriched") != 1:
        problems.append("records %s: not one enriched record first" % kinds)
        return None, problems
    article, errs = nejson.record_errors(validator, records[0])
    problems += ["article: " + e for e in errs]
    if article is None:
        return None, problems
    if head["records"][0]["key"] != article["id"]:
        problems.append("enriched record keyed %r, id %r" % (head["records"][0]["key"], article["id"]))
    n_ent = n_claim = 0
    for meta, raw in zip(head["records"][1:], records[1:]):
        rec, errs = nejson.record_errors(validator, raw, article)
        problems += ["%s record: %s" % (meta["kind"], e) for e in errs]
        if rec is None:
            continue
        if meta["kind"] == "entity":
            n_ent += 1
            e = rec["entity"]
            if meta["key"] not in (e["kb_id"], e["name"]):
                problems.append("entity record keyed %r" % meta["key"])
        elif meta["kind"] == "claim":
            n_claim += 1
    if n_ent != len(article["entities"]) or n_claim != len(article["claims"]):
        problems.append("%d entity and %d claim records for %d entities, %d claims" % (
            n_ent, n_claim, len(article["entities"]), len(article["claims"])))
    return article, problems


def run_process(lines):
    """`newsenrich process` on the given payloads, one per line."""
    data = b"".join(l + b"\n" for l in lines)
    r = subprocess.run([NEWSENRICH, "process"], input=data, capture_output=True)
    if r.returncode != 0:
        raise AssertionError("newsenrich process exited %d: %s" % (
            r.returncode, r.stderr.decode(errors="replace")[-3000:]))
    out = r.stdout.split(b"\n")
    if out[-1] != b"" or len(out) - 1 != len(lines):
        raise AssertionError("process printed %d lines for %d inputs" % (len(out) - 1, len(lines)))
    return out[:-1]


def comparable(article):
    """An enriched record without what differs between runs."""
    a = dict(article)
    a["processor"] = dict(a["processor"], micros=0)
    if a["id"].startswith("stdin/0/"):
        a["id"] = "stdin/0/*"
    return a


def finish(failures, limit=100):
    """Print the verdict; exit 1 on failures."""
    if failures:
        print("\nFAIL:\n  " + "\n  ".join(failures[:limit]))
        sys.exit(1)
    print("PASS")
