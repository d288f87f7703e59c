"""Issue 2: check-config errors exit 2 and name the key; interpolation,
environment overrides and redaction show in the effective config."""
import json
import os
import subprocess
import tempfile

from itlib import NEWSENRICH, fail, log, run_test


def check(cfg, env=None, raw=None):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(raw if raw is not None else json.dumps(cfg))
        path = f.name
    try:
        e = dict(os.environ)
        e.update(env or {})
        r = subprocess.run([NEWSENRICH, "check-config", "-c", path], capture_output=True,
                           text=True, env=e)
        return r.returncode, r.stdout, r.stderr
    finally:
        os.unlink(path)


def expect_error(cfg, *needles, env=None, raw=None):
    rc, out, err = check(cfg, env, raw)
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
    expect_error(None, "config.json" if False else ":", raw='{"kafka": {')
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


run_test(main)
