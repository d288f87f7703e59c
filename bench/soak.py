#!/usr/bin/env python3
"""Soak run (issue 8; not part of the test run): a million articles through
a real Kafka broker while workers are killed with SIGKILL and the broker
restarts.

    bench/soak.py [--articles 1000000] [--workers 3] [--partitions 6]
                  [--threads 1] [--kill-every 60] [--build build]
                  [--guarantee at_least_once] [--report soak-report.json]

Starts its own broker (deploy/kafka/kafka.sh) and N workers (`newsenrich
run`, one group). A feeder produces the articles in chunks as a live stream
(1% malformed, the eight DLQ classes in turn; every 7th gzip'd, every 7th
zlib'd). Every --kill-every seconds one worker other than worker0 is killed
with SIGKILL and started again 2 s later; worker0 is never killed, so its
RSS over the whole run shows whether memory grows. Once, at half the input
committed, the broker is stopped for 10 s and started again (feeding pauses
meanwhile). When all input is committed the workers stop with SIGTERM and
the output topics are read back with kcat.

A run in which no offset is committed for --stall-timeout seconds stops
and reports the stall with the offsets per partition.

Reports: articles lost (good articles with no enriched record: must be 0),
duplicates (extra enriched records; at-least-once after SIGKILL), DLQ
records by reason against what was sent, RSS of every worker over time,
throughput. Exit status 1 when an article or a DLQ record is lost or the
run stalls.
Needs a build without sanitizers (make build), kcat, Java and Maven.
"""
import argparse
import collections
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(SRC, "tests", "integration"))


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000000)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--partitions", type=int, default=6)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--kill-every", type=float, default=60)
    ap.add_argument("--chunk", type=int, default=20000)
    ap.add_argument("--stall-timeout", type=float, default=300,
                    help="give up when no offset is committed for this long")
    ap.add_argument("--build", default=os.path.join(SRC, "build"))
    ap.add_argument("--guarantee", default="at_least_once")
    ap.add_argument("--report", default="soak-report.json")
    return ap.parse_args()


ARGS = parse_args()
os.environ["NE_BUILD_DIR"] = os.path.abspath(ARGS.build)
os.environ.setdefault("NEWSENRICH_MODELS_DIR", os.path.join(SRC, "models"))
import itlib  # noqa: E402  (reads NE_BUILD_DIR)
from itlib import *  # noqa: E402,F401

KAFKA_SH = os.path.join(SRC, "deploy", "kafka", "kafka.sh")
T0 = time.monotonic()


def say(*a):
    print("[%7.1f s]" % (time.monotonic() - T0), *a, flush=True)


def kafka(cmd, d):
    r = subprocess.run([KAFKA_SH, cmd, d], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("kafka.sh %s: %s" % (cmd, r.stderr))


class Soak:
    def __init__(self):
        self.run = uid()
        self.topic = "raw-" + self.run
        self.fed = 0
        self.feed_retries = 0
        self.feeding_paused = threading.Event()
        self.feeding_paused.set()  # set = may feed
        self.feed_done = threading.Event()
        self.expected_dlq = collections.Counter()
        self.good = 0
        self.rss = []       # (t, worker name, pid, MB)
        self.progress = []  # (t, committed, fed)
        self.kills = []
        self.broker_restarts = []
        self.workers = {}

    # ---- input --------------------------------------------------------
    def feed(self):
        for start in range(0, ARGS.articles, ARGS.chunk):
            n = min(ARGS.chunk, ARGS.articles - start)
            specs, good, bad = article_specs(n, self.run, 100, 65536, start)
            self.good += len(good)
            self.expected_dlq.update(bad.values())
            data = "".join(json.dumps(s) + "\n" for s in specs).encode()
            while True:
                self.feeding_paused.wait()
                r = subprocess.run([itlib.TESTKIT, "produce", bootstrap(), self.topic],
                                   input=data, capture_output=True)
                if r.returncode == 0:
                    break
                # a chunk that failed may be partly on the topic: input
                # duplicates are possible, never gaps
                self.feed_retries += 1
                say("feeder: chunk at %d failed, retrying: %s" % (start, r.stderr[-200:]))
                time.sleep(2)
            self.fed = start + n
        self.feed_done.set()
        say("feeder: all %d articles produced" % ARGS.articles)

    # ---- workers ------------------------------------------------------
    def start_worker(self, name, cfg):
        w = Daemon(name, cfg).start()
        self.workers[name] = w
        return w

    def sample(self):
        t = time.monotonic() - T0
        for name, w in sorted(self.workers.items()):
            if w.proc.poll() is None:
                try:
                    self.rss.append((round(t, 1), name, w.proc.pid, round(rss_mb(w.proc.pid), 1)))
                except OSError:
                    pass
        try:
            c = sum(max(p["committed"], 0) for p in offsets(self.group, self.topic).values())
        except AssertionError:
            c = self.progress[-1][1] if self.progress else 0  # broker down
        self.progress.append((round(t, 1), c, self.fed))
        return c

    def main(self):
        kdir = tempfile.mkdtemp(prefix="ne-soak-kafka-")
        kafka("start", kdir)
        itlib.KAFKA_DIR = kdir
        try:
            self.body(kdir)
        finally:
            for w in self.workers.values():
                w.kill()
            kafka("stop", kdir)

    def body(self, kdir):
        create_topic(self.topic, ARGS.partitions)
        cfg = daemon_config(self.run, self.topic, {
            "processing": {"threads": ARGS.threads, "guarantee": ARGS.guarantee},
            "log": {"level": "warn"}})
        for t in ("enriched", "entities", "claims", "dlq"):
            for attempt in range(5):  # metadata of a new topic may lag
                try:
                    create_topic(cfg["topics"][t], ARGS.partitions)
                    break
                except AssertionError as e:
                    if "already exists" in str(e):
                        break
                    say("create %s: %s; again" % (cfg["topics"][t], e))
                    time.sleep(2)
        self.group = cfg["kafka"]["group.id"]
        for i in range(ARGS.workers):
            self.start_worker("worker%d" % i, cfg)
        feeder = threading.Thread(target=self.feed, daemon=True)
        feeder.start()
        say("soak %s: %d articles, %d workers x %d threads, %d partitions, kill every %.0f s"
            % (self.run, ARGS.articles, ARGS.workers, ARGS.threads, ARGS.partitions, ARGS.kill_every))
        last_kill = time.monotonic()
        victims = ["worker%d" % i for i in range(1, ARGS.workers)]
        restarted_broker = False
        last_say = 0
        stalled = False
        last_c, last_progress = -1, time.monotonic()
        while True:
            time.sleep(10)
            c = self.sample()
            if c != last_c:
                last_c, last_progress = c, time.monotonic()
            elif time.monotonic() - last_progress > ARGS.stall_timeout:
                say("STALLED: no commit for %.0f s; per partition %s" % (
                    ARGS.stall_timeout, offsets(self.group, self.topic)))
                stalled = True
                break
            if time.monotonic() - last_say >= 60:
                last_say = time.monotonic()
                say("committed %d, fed %d, RSS %s" % (c, self.fed, {
                    n: r for (_, n, _, r) in self.rss[-len(self.workers):]}))
            for name, w in self.workers.items():
                if w.proc.poll() is not None:
                    say("%s exited by itself (%s):\n%s" % (name, w.proc.returncode, w.tail()))
                    raise SystemExit(1)
            if self.feed_done.is_set() and c >= ARGS.articles and \
                    all_committed(self.group, self.topic):
                break
            if victims and time.monotonic() - last_kill >= ARGS.kill_every:
                name = victims[len(self.kills) % len(victims)]
                w = self.workers[name]
                w.kill()  # SIGKILL
                self.kills.append((round(time.monotonic() - T0, 1), name, c))
                say("SIGKILL %s at %d committed" % (name, c))
                time.sleep(2)
                self.start_worker(name, cfg)
                last_kill = time.monotonic()
            if not restarted_broker and c >= ARGS.articles // 2:
                restarted_broker = True
                self.feeding_paused.clear()
                say("stopping the broker at %d committed" % c)
                t_stop = time.monotonic()
                kafka("stop", kdir)
                time.sleep(10)
                kafka("start", kdir)
                self.feeding_paused.set()
                self.broker_restarts.append((round(t_stop - T0, 1), c, round(time.monotonic() - t_stop, 1)))
                say("broker back after %.1f s" % (time.monotonic() - t_stop))
        t_done = time.monotonic() - T0
        if not stalled:
            say("all %d input records committed" % ARGS.articles)
        for name, w in self.workers.items():
            rc = w.stop(120)
            if rc != 0:
                say("%s exited %d on SIGTERM:\n%s" % (name, rc, w.tail()))
        self.report(cfg, t_done, stalled)

    # ---- results ------------------------------------------------------
    def kcat(self, topic, fmt):
        p = subprocess.Popen(["kcat", "-C", "-b", bootstrap(), "-t", topic, "-o", "beginning",
                              "-e", "-q", "-u", "-f", fmt], stdout=subprocess.PIPE)
        for line in p.stdout:
            yield line.rstrip(b"\n")
        if p.wait() != 0:
            raise RuntimeError("kcat on %s exited %d" % (topic, p.returncode))

    def report(self, cfg, t_done, stalled):
        ids = collections.Counter(self.kcat(cfg["topics"]["enriched"], "%k\n"))
        dlq = collections.Counter()
        for h in self.kcat(cfg["topics"]["dlq"], "%h\n"):
            m = re.search(rb"(?:^|,)error=([a-z_0-9]+)", h)
            dlq[m.group(1).decode() if m else "?"] += 1
        n_ent = sum(1 for _ in self.kcat(cfg["topics"]["entities"], "%k\n"))
        n_clm = sum(1 for _ in self.kcat(cfg["topics"]["claims"], "%k\n"))
        prefix = ("a-%s-" % self.run).encode()
        good_ids = {i for i in range(ARGS.articles) if i % 100 != 99}
        seen = {int(k[len(prefix):]) for k in ids if k.startswith(prefix)}
        lost = good_ids - seen
        dups = sum(v - 1 for v in ids.values())
        dlq_lost = {k: v - dlq.get(k, 0) for k, v in self.expected_dlq.items() if dlq.get(k, 0) < v}
        by_worker = collections.defaultdict(list)
        for t, name, pid, mb in self.rss:
            by_worker[(name, pid)].append((t, mb))
        rss_summary = []
        for (name, pid), series in sorted(by_worker.items(), key=lambda kv: kv[1][0][0]):
            mbs = [m for _, m in series]
            rss_summary.append({"worker": name, "pid": pid, "from_s": series[0][0],
                                "to_s": series[-1][0], "first_mb": mbs[0],
                                "max_mb": max(mbs), "last_mb": mbs[-1]})
        rep = {
            "run": self.run, "stalled": stalled, "articles": ARGS.articles, "good": len(good_ids),
            "malformed": ARGS.articles - len(good_ids),
            "workers": ARGS.workers, "threads": ARGS.threads, "partitions": ARGS.partitions,
            "guarantee": ARGS.guarantee,
            "seconds_to_all_committed": round(t_done, 1),
            "articles_per_second": round(ARGS.articles / t_done, 1),
            "enriched_records": sum(ids.values()), "distinct_ids": len(ids),
            "articles_lost": len(lost), "lost_examples": sorted(lost)[:10],
            "duplicates": dups, "entity_records": n_ent, "claim_records": n_clm,
            "dlq_by_reason": dict(sorted(dlq.items())),
            "dlq_expected": dict(sorted(self.expected_dlq.items())),
            "dlq_lost": dlq_lost, "feed_retries": self.feed_retries,
            "kills": self.kills, "broker_restarts": self.broker_restarts,
            "rss_by_process": rss_summary,
            "rss_worker0_over_time": [(t, mb) for t, name, _, mb in self.rss if name == "worker0"],
            "progress": self.progress,
        }
        with open(ARGS.report, "w") as f:
            json.dump(rep, f, indent=1)
        say("report written to %s" % ARGS.report)
        print(json.dumps({k: v for k, v in rep.items()
                          if k not in ("progress", "rss_worker0_over_time", "rss_by_process")}, indent=1))
        print("RSS per worker process (MB): first / max / last")
        for r in rss_summary:
            print("  %-8s pid %-7d %7.1f-%7.1f s  %6.1f %6.1f %6.1f" % (
                r["worker"], r["pid"], r["from_s"], r["to_s"], r["first_mb"], r["max_mb"], r["last_mb"]))
        if lost or dlq_lost or stalled:
            sys.exit(1)


if __name__ == "__main__":
    Soak().main()
