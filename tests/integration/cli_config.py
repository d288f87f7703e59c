"""Issue 2: check-config errors exit 2 and name the key; interpolation,
environment overrides and redaction show in the effective config.
Issue 14: a missing or unparsable file is named (file:line:column for a
parse error), every problem is listed, and the models and KB files are
loaded as `run` would load them."""
import json
import os
import subprocess
import tempfile

from itlib import NEWSENRICH, fail, log, run_test


TMP = tempfile.mkdtemp(prefix="ne-cli-config-")
CONFIG = os.path.join(TMP, "config.json")


def check(cfg, env=None, raw=None, path=CONFIG):
    with open(CONFIG, "w") as f:
        f.write(raw if raw is not None else json.dumps(cfg))
    try:
        e = dict(os.environ)
        e.update(env or {})
        r = subprocess.run([NEWSENRICH, "check-config", "-c", path], capture_output=True,
                           text=True, env=e)
        return r.returncode, r.stdout, r.stderr
    finally:
        os.unlink(CONFIG)


def expect_error(cfg, *needles, env=None, raw=None, path=CONFIG):
    rc, out, err = check(cfg, env, raw, path)
    if rc != 2:
        fail("expected exit 2 for %r, got %d (%s)" % (cfg if raw is None else raw, rc, err))
    for n in needles:
        if n not in err:
            fail("error for %r does not mention %r: %s" % (cfg, n, err))
    log("ok: %s" % err.strip())


def main(cleanup):
    # the issue's own example: a typo at the top level names `kafka`
    expect_error({"kafak": {}}, '"kafak"', '"kafka"')
    expect_error({"processing": {"thread": 2}}, "processing.thread", "processing.threads")
    expect_error({"processing": {"threads": "two"}}, "processing.threads", "integer")
    expect_error({"processing": {"threads": 100000}}, "processing.threads", "out of range")
    expect_error({"processing": {"guarantee": "exactly-once"}}, "processing.guarantee",
                 "exactly_once")
    expect_error({"topics": {"input": "a", "enriched": "a"}}, "topics.input", "loop")
    expect_error({"kafka": {"no.such.property": "1"}}, "kafka.no.such.property")
    expect_error({"kafka": {"acks": "sometimes"}}, "kafka.acks")
    expect_error({"kafka": {"enable.auto.offset.store": "true"}}, "kafka.enable.auto.offset.store")
    expect_error({"http": {"listen": "${NE_TEST_UNSET_VARIABLE}"}}, "http.listen",
                 "NE_TEST_UNSET_VARIABLE")
    # a truncated file: its name, line and column
    expect_error(None, CONFIG + ":2:", raw='{"kafka": {\n')
    # a missing file: its name and why, not "-1:-1"
    missing = os.path.join(TMP, "missing.json")
    expect_error(None, missing, "No such file", raw="{}", path=missing)
    rc, out, err = check({}, path=missing)
    if "-1" in err:
        fail("missing file reported with a line number: %s" % err)
    # a directory is not a file
    expect_error(None, TMP, raw="{}", path=TMP)
    # every problem, one line each, not just the first
    rc, out, err = check({"kafak": {}, "processing": {"thread": 2, "threads": "x"},
                          "models": {"kb_files": [os.path.join(TMP, "nope.tsv")]}})
    lines = [l for l in err.splitlines() if l.startswith(CONFIG) or "nope.tsv" in l]
    if rc != 2 or len(lines) != 4 or "4 problems" not in err:
        fail("expected 4 problems, one line each: %d %s" % (rc, err))
    for n in ('"kafak"', "processing.thread", "processing.threads", "nope.tsv"):
        if not any(n in l for l in lines):
            fail("problem %s not listed: %s" % (n, err))
    # the KB file `run` would load: exit 2 and its name
    expect_error({"models": {"kb_files": [os.path.join(TMP, "missing-kb.tsv")]}},
                 "missing-kb.tsv")
    # a models directory without models: exit 2 and the file name
    expect_error({"models": {"dir": TMP}}, TMP + "/")
    # no broker: a note for check-config, exit 0
    rc, out, err = check({})
    if rc != 0 or "kafka.bootstrap.servers" not in err or "NEWSENRICH_KAFKA_BOOTSTRAP_SERVERS" not in err:
        fail("no note about the missing broker address: %d %s" % (rc, err))
    expect_error({"topics": {"input": [1]}}, "topics.input[0]")
    expect_error({"log": []}, "log", "object")
    rc, out, err = check({}, env={"NEWSENRICH_PROCESSING_THREADS": "x"})
    if rc != 2 or "NEWSENRICH_PROCESSING_THREADS" not in err:
        fail("bad env override not reported: %d %s" % (rc, err))

    # interpolation, defaults, env overrides, redaction
    cfg = {"kafka": {"bootstrap.servers": "${NE_TEST_BROKER}", "sasl.password": "hunter2",
                     "group.id": "${NE_TEST_GROUP:-fallback-group}"},
           "topics": {"input": ["in-${NE_TEST_SUFFIX}"]},
           "http": {"listen": "127.0.0.1:${NE_TEST_PORT}"}}
    rc, out, err = check(cfg, env={"NE_TEST_BROKER": "broker:9092", "NE_TEST_SUFFIX": "x",
                                   "NE_TEST_PORT": "9999",
                                   "NEWSENRICH_PROCESSING_THREADS": "3",
                                   "NEWSENRICH_KAFKA_CLIENT_ID": "from-env",
                                   "NEWSENRICH_TOPICS_INPUT": "a, b"})
    if rc != 0:
        fail("valid config rejected: %s" % err)
    eff = json.loads(out)
    k = eff["kafka"]
    if k["bootstrap.servers"] != "broker:9092" or k["group.id"] != "fallback-group":
        fail("interpolation wrong: %r" % k)
    if k["sasl.password"] != "[redacted]" or "hunter2" in out:
        fail("secret not redacted: %r" % k)
    if k.get("client.id") != "from-env":
        fail("NEWSENRICH_KAFKA_CLIENT_ID not applied: %r" % k)
    if eff["processing"]["threads"] != 3 or eff["topics"]["input"] != ["a", "b"]:
        fail("env overrides not applied: %r %r" % (eff["processing"], eff["topics"]))
    if eff["http"]["listen"] != "127.0.0.1:9999":
        fail("http.listen not interpolated: %r" % eff["http"])
    log("effective config ok")
    os.rmdir(TMP)


run_test(main)
