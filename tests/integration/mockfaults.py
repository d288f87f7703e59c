"""Issue 3: fault injection that only the mock cluster can do (produce
errors, commit errors, coordinator moves, transaction aborts, a throttled
producer). Every scenario checks that nothing is lost; at-least-once ones
also check that committed offsets never move backwards and end at the log
end."""
import collections
import threading

from itlib import *

# Kafka protocol ApiKeys and error codes used below
PRODUCE, OFFSET_COMMIT = 0, 8
# INVALID_RECORD fails a produce request permanently without touching the
# topic's metadata (an authorization error would hide the topic's
# partitions until the next metadata refresh, minutes later).
NOT_COORDINATOR, INVALID_RECORD = 16, 87
REBALANCE_IN_PROGRESS, REQUEST_TIMED_OUT = 27, 7


class Scenario:
    def __init__(self, cleanup, brokers=1, guarantee="at_least_once", n=3000,
                 partitions=4, extra=None):
        self.cleanup = cleanup
        self.mc, self.run, self.topic = start_mock(cleanup, partitions, brokers)
        self.eos = guarantee == "exactly_once"
        x = {"processing": {"guarantee": guarantee, "commit_interval_ms": 300,
                            "retry_backoff_ms": 200},
             "kafka": {"session.timeout.ms": "6000"}}
        for k, v in (extra or {}).items():
            x.setdefault(k, {}).update(v)
        self.cfg = daemon_config(self.run, self.topic, x)
        self.cfg["topics"]["entities"] = ""  # the mock keeps only 5 MiB a partition
        self.cfg["topics"]["claims"] = ""
        self.mc.cmd("topic %s 16" % self.cfg["topics"]["enriched"])
        self.mc.cmd("topic %s 4" % self.cfg["topics"]["dlq"])
        self.group = self.cfg["kafka"]["group.id"]
        self.specs, self.good, self.bad = article_specs(n, self.run, malformed_every=0)
        produce(self.topic, self.specs)
        self.history = collections.defaultdict(list)
        self.sampling = threading.Event()

    def start(self, name="worker", env=None):
        w = Daemon(name, self.cfg, env).start()
        self.cleanup.append(w.kill)
        return w

    def sample_commits(self):
        """Record committed offsets over time (for the monotonicity check)."""
        def loop():
            while not self.sampling.is_set():
                try:
                    for p, o in offsets(self.group, self.topic).items():
                        self.history[p].append(o["committed"])
                except AssertionError:
                    pass
                time.sleep(0.2)
        t = threading.Thread(target=loop, daemon=True)
        t.start()
        self.cleanup.append(self.sampling.set)

    def published(self):
        return collections.Counter(json.loads(r["value"])["id"]
                                   for r in consume(self.cfg["topics"]["enriched"]))

    def wait_done(self, timeout=300):
        if self.eos:
            # the mock does not store transactional offsets: wait for output
            wait_until(lambda: self.good <= set(self.published()), timeout,
                       "every article published", 1.0)
        else:
            wait_until(lambda: all_committed(self.group, self.topic), timeout,
                       "all offsets committed", 0.5)

    def verify(self, w):
        self.sampling.set()
        rc = w.stop()
        if rc != 0:
            fail("worker exited %d:\n%s" % (rc, w.tail()))
        out = self.published()
        missing = self.good - set(out)
        log("articles %d, published %d, missing %d, duplicates %d"
            % (len(self.good), sum(out.values()), len(missing), sum(out.values()) - len(out)))
        if missing:
            fail("%d articles lost, e.g. %s" % (len(missing), sorted(missing)[:5]))
        for p, seq in self.history.items():
            for a, b in zip(seq, seq[1:]):
                if b < a:
                    fail("committed offset of partition %d moved backwards: %d -> %d" % (p, a, b))
        if not self.eos:
            for p, o in offsets(self.group, self.topic).items():
                if o["committed"] != o["end"]:
                    fail("partition %d committed %d, end %d" % (p, o["committed"], o["end"]))
        return out
