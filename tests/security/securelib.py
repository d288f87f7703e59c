"""Helpers of the TLS and SASL tests: the secure test broker that
`kafka.sh start-secure` runs (its throw-away CA, certificates and SCRAM
user under NE_KAFKA_DIR/tls), worker configs for its listeners, and the
two halves of every scenario: a worker the brokers refuse, then a fixed
worker that must process every article."""
import json
import os
import urllib.error
import urllib.request

from itlib import *

TLS = os.path.join(KAFKA_DIR, "tls")


def listener(name):
    with open(os.path.join(KAFKA_DIR, "bootstrap." + name)) as f:
        return f.read().strip()


def scram_user():
    with open(os.path.join(TLS, "scram-user")) as f:
        name, password = f.read().split("\n")[:2]
    return name, password


def tls_file(name):
    return os.path.join(TLS, name)


def worker_config(run, topic, kafka):
    """daemon_config with the worker pointed at a secure listener; the
    test's own helpers (testkit) keep using the plaintext one."""
    cfg = daemon_config(run, topic, {"processing": {"shutdown_timeout_ms": 10000},
                                     "kafka": {"reconnect.backoff.max.ms": "2000"}})
    cfg["kafka"].update(kafka)
    return cfg


def setup_topic(run, n=60):
    topic = "raw-" + run
    create_topic(topic, 2)
    arts = [good_article(i, run) for i in range(n)]
    produce(topic, [{"value": json.dumps(a), "key": a["id"]} for a in arts])
    return topic, {a["id"] for a in arts}


def get(port, path):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def refused(cleanup, name, cfg, env, ready_reason, certificate=None, secrets=()):
    """A worker whose connection the brokers refuse: one kafka_auth_failed
    line (with the certificate problem when given), /readyz 503 with
    ready_reason, /healthz 200 (restarting would not help), exit 0 on
    SIGTERM, nothing committed, and no secret anywhere in its log."""
    w = Daemon(name, cfg, env).start()
    cleanup.append(w.kill)
    port = w.wait_event("listening")[0]["port"]
    ev = w.wait_event("kafka_auth_failed", 90)
    log("%s: %s" % (name, json.dumps(ev[0])))
    if certificate and certificate not in ev[0].get("certificate", ""):
        fail("%s: kafka_auth_failed does not say %r: %r" % (name, certificate, ev[0]))
    wait_until(lambda: get(port, "/readyz")[0] == 503 and
               ready_reason in get(port, "/readyz")[1]["reason"], 60,
               "%s: /readyz 503 with %r" % (name, ready_reason))
    log("%s: /readyz %r" % (name, get(port, "/readyz")))
    if get(port, "/healthz")[0] != 200:
        fail("%s: /healthz is not 200: a refused login would restart the pod in a loop" % name)
    rc = w.stop()
    if rc != 0:
        fail("%s: exit %d on SIGTERM, documented 0:\n%s" % (name, rc, w.tail()))
    with open(w.log_path, "rb") as f:
        text = f.read().decode(errors="replace")
    for s in secrets:
        if s in text:
            fail("%s: a secret is in the log" % name)
    n = len(w.events("kafka_auth_failed"))
    if n != 1:
        fail("%s: %d kafka_auth_failed lines, expected one" % (name, n))
    return w


def processes_all(cleanup, cfg, topic, ids, env=None, secrets=()):
    """A worker that must process every article: all offsets committed,
    every id in the enriched topic."""
    d = Daemon("fixed", cfg, env).start()
    cleanup.append(d.kill)
    wait_until(lambda: all_committed(cfg["kafka"]["group.id"], topic), 180,
               "all offsets committed through the secure listener", 1.0)
    rc = d.stop()
    if rc != 0:
        fail("worker exited %d:\n%s" % (rc, d.tail()))
    out = {json.loads(r["value"])["id"] for r in consume(cfg["topics"]["enriched"])}
    missing = ids - out
    log("articles %d, enriched %d, missing %d" % (len(ids), len(out), len(missing)))
    if missing:
        fail("%d articles lost, e.g. %s" % (len(missing), sorted(missing)[:3]))
    with open(d.log_path, "rb") as f:
        text = f.read().decode(errors="replace")
    for s in secrets:
        if s in text:
            fail("a secret is in the log of the working worker")
    return d
