"""Issue 3: scale-out with faults. 3 workers (separate processes) on a
12-partition topic and 20,000 articles arriving as a stream; a 4th worker
joins mid-run, then one worker is killed with SIGKILL mid-run.

at_least_once: every article id appears on the enriched topic at least
once (duplicates are printed). exactly_once: a read_committed consumer sees
every article id exactly once, DLQ records included.
"""
import collections
import signal
import threading

from itlib import *

N = 20000
PARTITIONS = 12


def scaleout(cleanup, guarantee):
    run = uid()
    topic = "raw-" + run
    create_topic(topic, PARTITIONS)
    specs, good, bad = article_specs(N, run, malformed_every=500)
    eos = guarantee == "exactly_once"
    extra = {"processing": {"guarantee": guarantee, "threads": 1,
                            "commit_interval_ms": 500}}
    if eos:
        extra["kafka"] = {"transaction.timeout.ms": "15000"}
    cfg = daemon_config(run, topic, extra)
    group = cfg["kafka"]["group.id"]

    workers = []

    def start_worker(i):
        env = {"NEWSENRICH_PROCESSING_TRANSACTIONAL_ID": "tx-%s-%d" % (run, i)}
        w = Daemon("worker%d" % i, cfg, env).start()
        cleanup.append(w.kill)
        workers.append(w)
        return w

    fed = [0]
    feeder_done = threading.Event()

    def feed():
        for i in range(0, N, 250):
            produce(topic, specs[i:i + 250])
            fed[0] = i + 250
            time.sleep(0.1)
        feeder_done.set()

    for i in range(3):
        start_worker(i)
    for w in workers:
        w.wait_event("partitions_assigned", 90)
    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()

    def committed():
        return sum(max(p["committed"], 0) for p in offsets(group, topic).values())

    wait_until(lambda: committed() >= N // 5, 300, "20% committed", 0.5)
    log("adding a 4th worker at %d committed (%d fed)" % (committed(), fed[0]))
    w4 = start_worker(3)
    w4.wait_event("partitions_assigned", 90)
    wait_until(lambda: committed() >= N // 2, 300, "50% committed", 0.5)
    victim = workers[1]
    log("killing %s with SIGKILL at %d committed (%d fed)" % (victim.name, committed(), fed[0]))
    if feeder_done.is_set():
        fail("the input stream ended before the kill; the test needs it live")
    victim.kill()
    # The killed worker comes back under the same transactional.id, as a
    # StatefulSet pod would; in exactly-once mode that fences the zombie
    # and aborts its open transaction at once.
    time.sleep(0.5 * MULT)
    replacement = Daemon("worker1b", cfg,
                         {"NEWSENRICH_PROCESSING_TRANSACTIONAL_ID": "tx-%s-1" % run}).start()
    cleanup.append(replacement.kill)
    workers.append(replacement)
    feeder.join()
    wait_until(lambda: all_committed(group, topic), 600, "all offsets committed", 1.0)
    for w in workers:
        if w is victim:
            continue
        rc = w.stop(90)
        if rc != 0:
            fail("%s exited %d:\n%s" % (w.name, rc, w.tail()))

    isolation = "read_committed" if eos else "read_uncommitted"
    out = collections.Counter(json.loads(r["value"])["id"]
                              for r in consume(cfg["topics"]["enriched"], isolation))
    dlq = collections.Counter(raw_value(r) for r in consume(cfg["topics"]["dlq"], isolation))
    missing = good - set(out)
    dup = sum(v - 1 for v in out.values())
    dlq_missing = set(bad) - set(dlq)
    dlq_dup = sum(v - 1 for v in dlq.values())
    rebalances = sum(len(w.events("partitions_assigned")) for w in workers)
    log("%s: %d articles, %d enriched records (%s), missing %d, duplicates %d; "
        "DLQ %d of %d, duplicates %d; %d assignments seen"
        % (guarantee, len(good), sum(out.values()), isolation, len(missing), dup,
           len(dlq), len(bad), dlq_dup, rebalances))
    print("DUPLICATES=%d DLQ_DUPLICATES=%d" % (dup, dlq_dup))
    if missing:
        fail("%d articles missing, e.g. %s" % (len(missing), sorted(missing)[:5]))
    if dlq_missing:
        fail("%d malformed articles missing from the DLQ" % len(dlq_missing))
    if set(out) - good:
        fail("unexpected ids on the enriched topic")
    if eos and (dup or dlq_dup):
        fail("exactly-once violated: %d duplicate articles, %d duplicate DLQ records"
             % (dup, dlq_dup))
