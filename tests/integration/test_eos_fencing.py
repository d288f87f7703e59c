"""Issue 3: exactly-once fencing. A second worker started with the same
transactional.id fences the first: the fenced one stops with exit code 1
(a fatal error, no crash, no commit of its open transaction), the second
finishes the work, and read_committed readers still see every article
exactly once."""
import collections
import threading

from itlib import *


def main(cleanup):
    run = uid()
    topic = "raw-" + run
    create_topic(topic, 4)
    n = 6000
    specs, good, _ = article_specs(n, run, malformed_every=0)
    cfg = daemon_config(run, topic, {"processing": {"guarantee": "exactly_once",
                                                    "commit_interval_ms": 300}})
    env = {"NEWSENRICH_PROCESSING_TRANSACTIONAL_ID": "tx-fence-" + run}
    group = cfg["kafka"]["group.id"]
    produce(topic, specs[:2000])
    a = Daemon("worker-a", cfg, env).start()
    cleanup.append(a.kill)
    a.wait_event("partitions_assigned")
    wait_until(lambda: sum(max(o["committed"], 0) for o in offsets(group, topic).values()) > 0,
               120, "first transaction committed", 0.1)

    feeder = threading.Thread(target=lambda: produce(topic, specs[2000:]), daemon=True)
    feeder.start()
    b = Daemon("worker-b", cfg, env).start()
    cleanup.append(b.kill)
    rc = a.wait_exit(120)
    fatal = [e for e in a.lines() if e.get("level") == "fatal"]
    log("worker-a exited %d; fatal log: %s" % (rc, fatal[0].get("msg") if fatal else None))
    if rc != 1:
        fail("fenced worker exited %d, expected 1:\n%s" % (rc, a.tail()))
    if not any("fenced" in (e.get("msg") or "").lower() for e in fatal):
        fail("no fatal 'fenced' error logged:\n%s" % a.tail())
    feeder.join()
    wait_until(lambda: all_committed(group, topic), 300, "all offsets committed", 1.0)
    rc = b.stop()
    if rc != 0:
        fail("worker-b exited %d:\n%s" % (rc, b.tail()))
    out = collections.Counter(json.loads(r["value"])["id"]
                              for r in consume(cfg["topics"]["enriched"], "read_committed"))
    missing = good - set(out)
    dup = sum(v - 1 for v in out.values())
    log("articles %d, read_committed records %d, missing %d, duplicates %d"
        % (len(good), sum(out.values()), len(missing), dup))
    if missing or dup:
        fail("exactly-once violated: missing %d, duplicates %d" % (len(missing), dup))


run_test(main)
