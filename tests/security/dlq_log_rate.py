"""Issue 15: rejected inputs are logged as counts, not one line each.

1,000 malformed messages (four error classes) go through a worker on the
mock cluster at log level info. The worker must log a bounded number of
dead_letter lines (one per class per interval, plus the counts flushed at
shutdown) whose counts add up to exactly 1,000, and nothing of the message
bodies; every bad message still reaches the DLQ."""
import base64
import collections
import json
import time

from itlib import *

N_BAD = 1000
INTERVAL_S = 10          # NE_DLQ_LOG_INTERVAL_US in producer.c
MARK = "BODYTEXT-7f3a"   # planted in every bad body; must never be logged


def bad_message(i, run):
    kind = i % 4
    if kind == 0:   # jansson quotes the text near the error
        raw = ('{"id": "b-%s-%d", "body": %s "unterminated' % (run, i, MARK)).encode()
    elif kind == 1:
        raw = json.dumps({"id": "b-%s-%d" % (run, i), "title": MARK}).encode()
    elif kind == 2:
        raw = json.dumps({"id": "b-%s-%d" % (run, i), "body": 42, "title": MARK}).encode()
    else:
        raw = (MARK + " plain text with a bad byte \xff").encode("latin-1")
    return {"value_b64": base64.b64encode(raw).decode()}


def main(cleanup):
    # one partition: keyless messages may all land in one of several, and
    # an empty partition never gets a committed offset to wait for
    mc, run, topic = start_mock(cleanup, 1)
    cfg = daemon_config(run, topic, {"log": {"level": "info"}})
    cfg["topics"]["entities"] = ""
    cfg["topics"]["claims"] = ""
    mc.cmd("topic %s 2" % cfg["topics"]["enriched"])
    mc.cmd("topic %s 2" % cfg["topics"]["dlq"])
    produce(topic, [bad_message(i, run) for i in range(N_BAD)])

    t0 = time.monotonic()
    d = Daemon("worker", cfg).start()
    cleanup.append(d.kill)
    port = d.wait_event("listening")[0]["port"]
    try:
        wait_until(lambda: all_committed(cfg["kafka"]["group.id"], topic), 120,
                   "all offsets committed", 1.0)
    except AssertionError as e:
        m = metrics(port)
        fail("%s; offsets %r; worker counters %r" % (
            e, offsets(cfg["kafka"]["group.id"], topic),
            {k: v for k, v in m.items() if k.startswith(("newsenrich_messages", "newsenrich_consumer",
                                                         "newsenrich_inflight", "newsenrich_produce", "newsenrich_commits"))}))
    rc = d.stop()
    if rc != 0:
        fail("worker exited %d:\n%s" % (rc, d.tail()))
    elapsed = time.monotonic() - t0

    lines = d.events("dead_letter")
    counts = collections.Counter()
    for l in lines:
        counts[l.get("error")] += l.get("count", 0)
    total = sum(counts.values())
    # a line per class per started interval, and one flush per class
    bound = len(counts) * (int(elapsed / INTERVAL_S) + 2)
    log("%d bad messages -> %d dead_letter lines (bound %d) in %.0f s, counts %r"
        % (N_BAD, len(lines), bound, elapsed, dict(counts)))
    if total != N_BAD:
        fail("dead_letter counts add up to %d, expected %d" % (total, N_BAD))
    if len(lines) > bound:
        fail("%d dead_letter lines for %d messages: not rate-limited" % (len(lines), N_BAD))
    if len(counts) != 4:
        fail("expected 4 error classes, got %r" % dict(counts))
    with open(d.log_path, "rb") as f:
        text = f.read().decode(errors="replace")
    if MARK in text:
        fail("message body text in the log at info level")
    dlq = consume(cfg["topics"]["dlq"])
    if len(dlq) != N_BAD:
        fail("DLQ holds %d records, expected %d" % (len(dlq), N_BAD))


run_test(main)
