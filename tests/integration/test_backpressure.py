"""Issue 16: backpressure without refetch, on the real broker.

One worker with one processor thread and small queue bounds drains 6,000
pre-filled articles, so its intake is held back for most of the run. A
full queue must not make the broker send the same messages twice: the
messages librdkafka fetched (newsenrich_messages_fetched_total, from its
statistics) stay within 5% of the messages consumed. Nothing is lost or
duplicated on the enriched topic, and the committed offsets reach the log
end. Then two workers share a larger backlog, both held back, and the
second one leaves: its shutdown and the first one's rebalance (the revoke
callback waits for in-flight work) are served while the intake is held,
and everything is still drained, with every offset committed.
"""
import collections

from itlib import *

N = 6000
MORE = 20000
PARTITIONS = 6


def series(m, name, topic):
    return m.get('%s{topic="%s"}' % (name, topic), 0)


def lags(m, topic):
    prefix = 'newsenrich_consumer_lag{topic="%s",' % topic
    return [v for k, v in m.items() if k.startswith(prefix)]


def check_enriched(topic, enriched_topic, good):
    ids = collections.Counter()
    for rec in consume(enriched_topic):
        doc = json.loads(rec["value"])
        if doc["source_offset"]["topic"] != topic:
            fail("enriched record from topic %r" % doc["source_offset"]["topic"])
        ids[doc["id"]] += 1
    missing = good - set(ids)
    dupes = {k: v for k, v in ids.items() if v > 1}
    extra = set(ids) - good
    log("enriched: %d distinct ids, %d missing, %d duplicated"
        % (len(ids), len(missing), len(dupes)))
    if missing or extra:
        fail("missing %s extra %s" % (sorted(missing)[:5], sorted(extra)[:5]))
    return dupes


def main(cleanup):
    run = uid()
    topic = "raw-" + run
    create_topic(topic, PARTITIONS)
    specs, good, _ = article_specs(N, run, malformed_every=0)
    produce(topic, specs)
    log("produced %d articles to %s" % (N, topic))

    cfg = daemon_config(run, topic, {"processing": {"threads": 1, "queue_messages": 20,
                                                    "max_inflight": 50}})
    group = cfg["kafka"]["group.id"]
    w = Daemon("worker", cfg).start()
    cleanup.append(w.kill)
    port = w.wait_event("listening")[0]["port"]
    w.wait_event("partitions_assigned")

    held = 0
    deadline = time.monotonic() + 600 * MULT
    while not all_committed(group, topic):
        if time.monotonic() > deadline:
            fail("not drained in time:\n%s" % w.tail())
        if w.proc.poll() is not None:
            fail("worker exited %s:\n%s" % (w.proc.returncode, w.tail()))
        held = max(held, metrics(port).get("newsenrich_paused_partitions", 0))
        time.sleep(0.2)
    if held < 1:
        fail("the small queues never held the intake back")

    # A lag of 0 on every partition comes from statistics taken after the
    # last commit, hence after the last fetch: the fetched count is final.
    def settled():
        m = metrics(port)
        l = lags(m, topic)
        return m if len(l) == PARTITIONS and not any(l) else None
    m = wait_until(settled, 30, "statistics showing no lag")
    consumed = series(m, "newsenrich_messages_consumed_total", topic)
    fetched = series(m, "newsenrich_messages_fetched_total", topic)
    ratio = fetched / max(consumed, 1)
    log("held partitions seen: %d; consumed %d, fetched %d: fetched/consumed %.3f"
        % (held, consumed, fetched, ratio))
    if consumed != N:
        fail("consumed %d messages, expected %d" % (consumed, N))
    if fetched < consumed:
        fail("fetched %d < consumed %d: the fetched counter misses messages" % (fetched, consumed))
    if ratio > 1.05:
        fail("a full queue made the broker send messages again: fetched/consumed %.3f > 1.05"
             % ratio)
    for o in offsets(group, topic).values():
        if o["committed"] != o["end"]:
            fail("committed %s != end %s" % (o["committed"], o["end"]))
    dupes = check_enriched(topic, cfg["topics"]["enriched"], good)
    if dupes:
        fail("duplicated without any rebalance or restart: %s" % list(dupes)[:5])

    # A rebalance while held back: a second worker shares the partitions,
    # both get a backlog, then the second one leaves: the first one is
    # revoked and assigned everything while its intake is held.
    w2 = Daemon("worker2", cfg).start()
    cleanup.append(w2.kill)
    port2 = w2.wait_event("listening")[0]["port"]
    w2.wait_event("partitions_assigned")
    wait_until(lambda: len(w.events("partitions_assigned")) >= 2, 60,
               "the first worker to get its share")
    specs, more, _ = article_specs(MORE, run, malformed_every=0, start=N)
    produce(topic, specs)
    good |= more
    for p in (port, port2):
        wait_until(lambda: metrics(p).get("newsenrich_paused_partitions", 0) > 0, 60,
                   "both workers to hold their intake back")
    rc = w2.stop()
    if rc != 0:
        fail("second worker exited %d:\n%s" % (rc, w2.tail()))
    if all_committed(group, topic):
        fail("the backlog was gone before the rebalance: nothing was tested")
    wait_until(lambda: len(w.events("partitions_assigned")) >= 3, 60,
               "the first worker to get every partition back")
    wait_until(lambda: all_committed(group, topic), 600, "all offsets committed", 1.0)
    rc = w.stop()
    if rc != 0:
        fail("worker exited %d:\n%s" % (rc, w.tail()))
    for o in offsets(group, topic).values():
        if o["committed"] != o["end"]:
            fail("committed %s != end %s" % (o["committed"], o["end"]))
    revokes = w.events("partitions_revoked")
    log("first worker: %d revokes, %d of them while held back"
        % (len(revokes), sum(1 for e in revokes if e.get("held"))))
    dupes = check_enriched(topic, cfg["topics"]["enriched"], good)
    log("after the rebalances: %d ids processed twice (at-least-once allows it)" % len(dupes))


run_test(main)
