#!/usr/bin/env python3
"""Kafka work per article: this tree against a base commit, side by side in
one run on one real broker.

    bench/kafka_work.py [--base REV] [--reps N] [--count N]
                        [--latency-seconds S] [--kafka NAME=VALUE ...]
                        [--off entities,claims] [--max-ratio R] [--out DIR]

Kafka work per article = (the worker's CPU from its start until the last
of COUNT pre-filled articles has arrived on its outputs - the CPU of
`newsenrich process` on the same articles) / COUNT: what consuming,
producing and the pipeline cost on top of the processing, each binary
measured against its own processor. Issue 16 wants at most half of what
the binary at --base (default 0402cff) spends.

One run builds both trees (floor.py's machinery: build-floor/, Release
-O3; this tree also in build-bench/ with the bench tools), starts the
broker the way bench.py does (deploy/kafka/kafka.sh, full JIT), warms it,
then --reps times, alternating the order so that a change of the shared
machine's load hits both alike:
  - one worker (threads = cores) drains COUNT pre-filled articles; worker
    CPU, wall clock, per-thread CPU by thread name, peak RSS, broker CPU;
  - the record counts left on the output topics (after the worker's
    SIGTERM flush) are checked against `process` on the same input:
    enriched + DLQ = COUNT, enriched = lines without error, entity and
    claim records = the entities and claims of those lines: same records
    out, nothing lost, nothing twice;
  - `newsenrich process` (1 thread) on the same articles as JSONL: CPU;
    on a shared machine its CPU per article moves by 10% or more between
    runs, as much as the difference being measured, so the CPU of the
    worker's threads other than the processor pool (main loop and
    librdkafka) is reported beside it as a second, steadier view;
  - p50/p99 latency of a paced stream at half of the rate the worker
    sustained, or at --latency-rate for both (--latency-seconds, 0 skips
    it);
and for this tree the processor alone on the same cores (bench_proc,
threads = cores, wall) against the pipeline's sustained rate.

Input: the first COUNT articles of the mixed benchmark stream
(bench/gen_articles.py), compressed payloads inflated and payloads with a
newline byte left out, so that `process` can read the very same payloads
as JSONL; malformed ones stay (both sides send them to the DLQ).
--kafka and --off apply to this tree's worker only: for trying a setting
without rebuilding. Writes OUT/kafka-work.json (OUT: bench/results) and
prints a summary; exits 1 when a record check fails or the ratio is above
--max-ratio. Python 3 stdlib only; never part of the test suite.
"""
import argparse
import datetime
import gzip
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (broker, worker runs, accounting)
import floor  # noqa: E402  (the base tree, built side by side)

log = bench.log


def plain_inputs(count):
    """DATA/kw-COUNT.{rec,jsonl}: the same payloads as records and lines."""
    rec = os.path.join(bench.DATA, "kw-%d.rec" % count)
    jsonl = os.path.join(bench.DATA, "kw-%d.jsonl" % count)
    if os.path.exists(rec) and os.path.exists(jsonl):
        return rec, jsonl
    with open(os.path.join(bench.DATA, "mix.rec"), "rb") as f:
        data = f.read()
    assert data.startswith(b"NEREC1\n")
    pos, pool = 7, []
    while pos < len(data):
        (n,) = struct.unpack_from("<I", data, pos)
        p = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        try:
            if p[:2] == b"\x1f\x8b":
                p = gzip.decompress(p)
            elif p[:1] == b"\x78":
                p = zlib.decompress(p)
        except (OSError, EOFError, zlib.error):
            continue  # the broken-compression class: not a JSONL line
        if b"\n" not in p and b"\r" not in p and p.strip():
            pool.append(p)
    out = [pool[i % len(pool)] for i in range(count)]
    with open(rec + ".tmp", "wb") as f:
        f.write(b"NEREC1\n")
        for p in out:
            f.write(struct.pack("<I", len(p)) + p)
    with open(jsonl + ".tmp", "wb") as f:
        for p in out:
            f.write(p + b"\n")
    os.replace(rec + ".tmp", rec)
    os.replace(jsonl + ".tmp", jsonl)
    return rec, jsonl


def process(binary, jsonl, workdir):
    """`process` on one thread: CPU s, wall s, and what it extracted."""
    outp = os.path.join(workdir, "process.out")
    env = dict(os.environ)
    env.pop("NEWSENRICH_MODELS_DIR", None)  # each tree its own models
    with open(jsonl, "rb") as fin, open(outp, "wb") as fout:
        t0 = time.monotonic()
        p = subprocess.Popen([binary, "process"], stdin=fin, stdout=fout,
                             stderr=subprocess.DEVNULL, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc not in (0, 1):  # 1: some lines were errors
        raise SystemExit("kafka_work: %s process exited with %d" %
                         (binary, rc))
    r = {"cpu_s": ru.ru_utime + ru.ru_stime, "wall_s": wall, "lines": 0,
         "errors": 0, "entities": 0, "claims": 0}
    with open(outp, "rb") as f:
        for line in f:
            r["lines"] += 1
            o = json.loads(line)
            if "error" in o and "entities" not in o:
                r["errors"] += 1
            else:
                r["entities"] += len(o.get("entities") or [])
                r["claims"] += len(o.get("claims") or [])
    os.unlink(outp)
    return r


def counts(bootstrap, topics):
    names = [t for t in topics.values() if t]
    got = bench.out_json(bench.kafka_tool("count", bootstrap, *names))
    return {k: (got[t] if t else 0) for k, t in topics.items()}


def check(name, c, pr, count):
    """Problems with what a worker left on its topics, against process."""
    bad = []
    want = {"enriched": pr["lines"] - pr["errors"], "dlq": pr["errors"],
            "entities": pr["entities"], "claims": pr["claims"]}
    for k, v in want.items():
        if c["_off"].get(k):
            continue
        if c[k] != v:
            bad.append("%s: %s has %d records, process says %d" %
                       (name, k, c[k], v))
    if c["enriched"] + c["dlq"] != count:
        bad.append("%s: enriched + dlq = %d, not %d" %
                   (name, c["enriched"] + c["dlq"], count))
    if c["input"] != count:
        bad.append("%s: input holds %d, not %d" % (name, c["input"], count))
    return bad


def med(xs):
    return statistics.median(xs) if xs else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="0402cff")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--latency-seconds", type=float, default=20)
    ap.add_argument("--latency-rate", type=float, default=0,
                    help="articles/s of the latency runs, the same for "
                    "both (default 0: half of what each binary sustained)")
    ap.add_argument("--kafka", action="append", default=[],
                    metavar="NAME=VALUE",
                    help="librdkafka property for this tree's worker")
    ap.add_argument("--env", action="append", default=[],
                    metavar="NAME=VALUE",
                    help="environment variable for this tree's worker, e.g. "
                         "GLIBC_TUNABLES=glibc.malloc.tcache_count=...")
    ap.add_argument("--off", default="",
                    help="outputs to switch off in this tree's worker "
                    "(entities,claims)")
    ap.add_argument("--perf", metavar="DIR",
                    help="perf record (-F 499) each binary's worker of the "
                    "first repetition into DIR/NAME.data; then e.g. perf "
                    "report -i DIR/this.data --sort comm,dso,sym")
    ap.add_argument("--perf-g", action="store_true",
                    help="with --perf: call graphs too (perf record -g), "
                         "e.g. perf report -i DIR/this.data --comm "
                         "newsenrich -G (newsenrich: the main loop)")
    ap.add_argument("--max-ratio", type=float, default=0.5)
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--tag", default="",
                    help="suffix of the result file (kafka-work-TAG.json)")
    a = ap.parse_args()
    kafka = dict(kv.split("=", 1) for kv in a.kafka)
    off = [x for x in a.off.split(",") if x]

    bench.build()
    os.makedirs(floor.WORK, exist_ok=True)
    sha, src = floor.checkout(a.base)
    log("building base", sha)
    bins = {"base": floor.build(src, os.path.join(floor.WORK,
                                                  "build-" + sha)),
            "this": os.path.join(bench.BUILD, "newsenrich")}
    opts = {"base": {"binary": bins["base"]},
            "this": {"kafka": kafka, "off": off,
                     "env": dict(kv.split("=", 1) for kv in a.env)}}
    bench.generate()
    rec, jsonl = plain_inputs(a.count)
    res = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
           "base": sha, "count": a.count, "reps": a.reps,
           "this_kafka": kafka, "this_off": off, "this_env": a.env,
           "git": subprocess.run(["git", "-C", bench.ROOT, "describe",
                                  "--always", "--dirty"], capture_output=True,
                                 text=True).stdout.strip(),
           "load_before": os.getloadavg(), "runs": {"base": [], "this": []},
           "problems": []}
    work = tempfile.mkdtemp(prefix="ne-kwork-")
    broker = bench.Broker(work)
    try:
        log("warming the broker and both workers")
        for name in ("this", "base"):
            bench.through_worker(work, broker, "w" + name, 5000, rec=rec,
                                 daemon=opts[name])
        for rep in range(a.reps):
            for name in (("base", "this") if rep % 2 == 0
                         else ("this", "base")):
                run_id = "%s%d" % (name, rep)
                prof = []

                def attach(pid, name=name):
                    os.makedirs(a.perf, exist_ok=True)
                    prof.append(subprocess.Popen(
                        ["perf", "record", "-F", "499"] +
                        (["-g"] if a.perf_g else []) +
                        ["-o", os.path.join(a.perf, name + ".data"), "-p",
                         str(pid)], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL))
                pl = bench.through_worker(
                    work, broker, run_id, a.count, rec=rec,
                    daemon=opts[name],
                    on_start=attach if a.perf and rep == 0 else None)
                for pr in prof:  # ends with the worker
                    pr.wait()
                c = counts(broker.bootstrap, pl["topics"])
                c["_off"] = {k: not pl["topics"][k] for k in pl["topics"]}
                pr = process(bins[name], jsonl, work)
                bad = check(run_id, c, pr, a.count)
                res["problems"] += bad
                kw = (pl["daemon_cpu_s"] - pr["cpu_s"]) / a.count
                r = {"worker_cpu_s": pl["daemon_cpu_s"],
                     "process_cpu_s": pr["cpu_s"],
                     "kafka_ms_per_article": 1000 * kw,
                     "worker_ms_per_article":
                         1000 * pl["daemon_cpu_s"] / a.count,
                     "process_ms_per_article": 1000 * pr["cpu_s"] / a.count,
                     "broker_ms_per_article":
                         1000 * pl["broker_cpu_s"] / a.count,
                     "articles_per_s": pl["arrival_rate"],
                     "drain_wall_s": pl["wall_s"],
                     # the same work seen from the threads: all but the
                     # processor pool's (no subtraction of two noisy runs)
                     "kafka_threads_ms_per_article": 1000 * sum(
                         v for t, v in pl["thread_cpu_s"].items()
                         if t != "ne:processor") / a.count,
                     "peak_rss_mb": pl["hwm_kb"] / 1024,
                     # RSS follows what is in flight: the sample at the top
                     "rss_top_sample": max(pl["rss_samples"] or [{}],
                                           key=lambda x: x.get("rss_kb", 0)),
                     "thread_cpu_s": pl["thread_cpu_s"],
                     "records": {k: v for k, v in c.items() if k[0] != "_"},
                     "process": pr, "load": pl["load"]}
                log("%s rep %d: worker %.3f ms, process %.3f ms -> Kafka "
                    "%.3f ms per article; %.0f articles/s; RSS %.0f MB; "
                    "records %s; other load %.2f cores%s" % (
                        name, rep, r["worker_ms_per_article"],
                        r["process_ms_per_article"],
                        r["kafka_ms_per_article"], r["articles_per_s"],
                        r["peak_rss_mb"], r["records"],
                        pl["load"]["other_cores"],
                        "; " + "; ".join(bad) if bad else ""))
                if a.latency_seconds > 0:
                    half = a.latency_rate or pl["arrival_rate"] / 2
                    la = bench.latency(work, broker, "l" + run_id, half,
                                       a.latency_seconds, 3, rec=rec,
                                       daemon=opts[name])
                    r["latency"] = {"rate": half, "ms": la["latency_ms"],
                                    "load": la["load"]}
                    log("%s rep %d at %.0f/s: p50 %.1f ms, p99 %.1f ms" % (
                        name, rep, half, la["latency_ms"]["p50"],
                        la["latency_ms"]["p99"]))
                res["runs"][name].append(r)
            side = bench.out_json([os.path.join(bench.BUILD, "bench",
                                                "bench_proc"),
                                   "-t", str(bench.CORES), "-s", "5", "-n",
                                   "3000", rec])
            res["runs"]["this"][-1]["processor_only_articles_per_s"] = \
                side["articles_per_s"]
    finally:
        broker.stop()
        shutil.rmtree(work, ignore_errors=True)

    sm = {}
    for name, runs in res["runs"].items():
        sm[name] = {k: med([r[k] for r in runs]) for k in (
            "kafka_ms_per_article", "kafka_threads_ms_per_article",
            "worker_ms_per_article",
            "process_ms_per_article", "broker_ms_per_article",
            "articles_per_s", "peak_rss_mb")}
        sm[name]["kafka_ms_per_article_all"] = [
            round(r["kafka_ms_per_article"], 4) for r in runs]
        sm[name]["p99_ms"] = med([r["latency"]["ms"]["p99"] for r in runs
                                  if "latency" in r])
        sm[name]["p50_ms"] = med([r["latency"]["ms"]["p50"] for r in runs
                                  if "latency" in r])
        sm[name]["other_load_cores"] = med([r["load"]["other_cores"]
                                            for r in runs])
        threads = {}
        for r in runs:
            for t, v in r["thread_cpu_s"].items():
                threads.setdefault(t, []).append(1000 * v / a.count)
        sm[name]["thread_ms_per_article"] = {
            t: round(med(v), 4) for t, v in threads.items()}
    for name, runs in res["runs"].items():
        # the throughput ratio if the two cores were ours alone: processor
        # CPU per article over the worker's and the broker's
        sm[name]["cpu_cost_ratio"] = med(
            [r["process_ms_per_article"] /
             (r["worker_ms_per_article"] + r["broker_ms_per_article"])
             for r in runs])
    po = med([r["processor_only_articles_per_s"] for r in res["runs"]["this"]
              if "processor_only_articles_per_s" in r])
    sm["this"]["processor_only_articles_per_s"] = po
    sm["this"]["pipeline_over_processor"] = (
        [r["articles_per_s"] / r["processor_only_articles_per_s"]
         for r in res["runs"]["this"] if "processor_only_articles_per_s" in r])
    ratio = (sm["this"]["kafka_ms_per_article"] /
             sm["base"]["kafka_ms_per_article"])
    sm["ratio"] = ratio
    sm["ratio_threads"] = (sm["this"]["kafka_threads_ms_per_article"] /
                           sm["base"]["kafka_threads_ms_per_article"])
    res["summary"] = sm
    res["load_after"] = os.getloadavg()
    res["ok"] = ratio <= a.max_ratio and not res["problems"]
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "kafka-work%s.json" %
                        ("-" + a.tag if a.tag else ""))
    with open(path, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    b, t = sm["base"], sm["this"]
    print("Kafka work per article: this %.3f ms, base %s %.3f ms, ratio %.2f "
          "(goal <= %.2f)%s" % (t["kafka_ms_per_article"], sha,
                                b["kafka_ms_per_article"], ratio,
                                a.max_ratio,
                                "" if not res["problems"] else
                                "; RECORD CHECK FAILED: " +
                                "; ".join(res["problems"])))
    print("Kafka threads (all but the processor pool) per article: this "
          "%.3f ms, base %.3f ms, ratio %.2f" % (
              t["kafka_threads_ms_per_article"],
              b["kafka_threads_ms_per_article"], sm["ratio_threads"]))
    print("worker / process / broker CPU ms per article: this %.3f / %.3f / "
          "%.3f, base %.3f / %.3f / %.3f" % (
              t["worker_ms_per_article"], t["process_ms_per_article"],
              t["broker_ms_per_article"], b["worker_ms_per_article"],
              b["process_ms_per_article"], b["broker_ms_per_article"]))
    print("sustained: this %.0f, base %.0f articles/s; processor only, %d "
          "threads: %.0f/s (pipeline %s); p99 at half rate this %s, base %s "
          "ms; peak RSS this %.0f, base %.0f MB; other load %.2f cores" % (
              t["articles_per_s"], b["articles_per_s"], bench.CORES,
              po or 0, ", ".join("%.0f%%" % (100 * x)
                                 for x in t["pipeline_over_processor"]),
              t["p99_ms"], b["p99_ms"], t["peak_rss_mb"], b["peak_rss_mb"],
              t["other_load_cores"]))
    print("processor CPU / (worker + broker CPU) per article: this %.0f%%, "
          "base %.0f%%" % (100 * t["cpu_cost_ratio"],
                           100 * b["cpu_cost_ratio"]))
    print("wrote", path)
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
