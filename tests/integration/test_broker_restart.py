"""Issue 3: the broker stops for 10 s mid-run and starts again.

No article is lost and the worker recovers by itself. message.timeout.ms is
shorter than the outage, so deliveries fail during it: the worker must treat
them as retriable (log delivery_retry, produce again), never as done. While
the broker is down /readyz reports not ready; afterwards ready again.
"""
import collections
import subprocess
import tempfile
import urllib.request

import itlib
from itlib import *

KAFKA_SH = os.path.join(SOURCE, "deploy", "kafka", "kafka.sh")


def kafka(cmd, d):
    r = subprocess.run([KAFKA_SH, cmd, d], capture_output=True, text=True)
    if r.returncode != 0:
        fail("kafka.sh %s failed: %s" % (cmd, r.stderr))


def ready(port):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/readyz" % port, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def main(cleanup):
    # a broker of its own: this test stops it
    d = tempfile.mkdtemp(prefix="ne-it-kafka-restart-")
    kafka("start", d)
    cleanup.append(lambda: kafka("stop", d))
    itlib.KAFKA_DIR = d

    run = uid()
    topic = "raw-" + run
    create_topic(topic, 4)
    n = 4000
    specs, good, _ = article_specs(n, run, malformed_every=0)
    produce(topic, specs[:2000])
    cfg = daemon_config(run, topic, {"kafka": {"message.timeout.ms": "4000",
                                               "socket.connection.setup.timeout.ms": "2000",
                                               "reconnect.backoff.max.ms": "1000"},
                                     "processing": {"retry_backoff_ms": 500}})
    # every output topic exists before the worker starts: a missing one
    # (the DLQ, which this run never writes, would stay missing) keeps it
    # unready
    for t in ("enriched", "entities", "claims", "dlq"):
        create_topic(cfg["topics"][t], 1)
    w = Daemon("worker", cfg).start()
    cleanup.append(w.kill)
    port = w.wait_event("listening")[0]["port"]
    w.wait_event("partitions_assigned")
    group = cfg["kafka"]["group.id"]
    wait_until(lambda: ready(port), 60, "worker ready")

    def committed():
        return sum(max(p["committed"], 0) for p in offsets(group, topic).values())
    wait_until(lambda: committed() >= 200, 120, "first commits", 0.05)

    log("stopping the broker at %d committed" % committed())
    kafka("stop", d)
    outage_start = time.monotonic()
    wait_until(lambda: not ready(port), 30, "/readyz to report not ready")
    log("/readyz reports not ready during the outage")
    # the outage lasts 10 s; the worker must survive it on its own
    while time.monotonic() - outage_start < 10:
        if w.proc.poll() is not None:
            fail("worker exited during the outage:\n" + w.tail())
        time.sleep(0.5)
    kafka("start", d)
    log("broker back after %.1f s" % (time.monotonic() - outage_start))
    produce(topic, specs[2000:])
    wait_until(lambda: ready(port), 120, "/readyz ready again")
    wait_until(lambda: all_committed(group, topic), 300, "all offsets committed", 1.0)
    if w.proc.poll() is not None:
        fail("worker did not survive")
    rc = w.stop()
    if rc != 0:
        fail("worker exited %d:\n%s" % (rc, w.tail()))

    out = collections.Counter(json.loads(r["value"])["id"] for r in consume(cfg["topics"]["enriched"]))
    missing = good - set(out)
    retries = len(w.events("delivery_retry"))
    log("articles %d, enriched %d, missing %d, duplicates %d, delivery retries logged %d"
        % (len(good), sum(out.values()), len(missing), sum(out.values()) - len(out), retries))
    if missing:
        fail("%d articles lost, e.g. %s" % (len(missing), sorted(missing)[:5]))


run_test(main)
