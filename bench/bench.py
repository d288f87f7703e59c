#!/usr/bin/env python3
"""newsenrich benchmark: processor, end to end through Kafka, memory.

    bench/run.sh [--reps N] [--seconds S] [--long] [--long-count N]
                 [--no-kafka] [--quick] [--out DIR]

Builds optimised in build-bench/ (Release: -O3, no sanitizers), generates
the article streams in bench/.data/ (deterministic), then measures, side
by side in one run and repeated --reps times (median and spread):

  1. processor only, in-process (bench_proc): articles/s, MB/s of text,
     tokens/s for de, en and mixed, 1 thread and all cores; per stage
     (--stages) for the entity pass and the claims share;
  2. end to end (`newsenrich run`, threads = cores) on a real local broker
     (deploy/kafka/kafka.sh with full JIT) draining a pre-filled topic;
  3. the Kafka-only ceiling: bench_kafka pass on the same data and broker;
  4. latency p50/p99/p99.9 at half the sustained rate (paced producer);
  5. RSS of the worker: peak, and over time (--long: 1M articles).

Writes OUT/latest.json and OUT/latest.md (OUT defaults to bench/results).
Python 3 stdlib only. Never part of the test suite.
"""
import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.join(ROOT, "build-bench")
DATA = os.path.join(HERE, ".data")
SHARED = os.environ.get("NE_SHARED_DATA", "/work/shared/data")
KAFKA_SH = os.path.join(ROOT, "deploy", "kafka", "kafka.sh")
# Kafka's own production defaults (kafka-run-class.sh): G1, full JIT.
KAFKA_JVM = ("-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 "
             "-XX:InitiatingHeapOccupancyPercent=35 "
             "-XX:+ExplicitGCInvokesConcurrent")
CORES = os.cpu_count() or 1
GEN_COUNT = 20000


def log(*a):
    print("[bench %s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr,
          flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def out_json(cmd, env=None, timeout=None):
    r = subprocess.run(cmd, check=True, capture_output=True, text=True,
                       env=env, timeout=timeout)
    return json.loads(r.stdout.strip().splitlines()[-1])


def stats(values):
    """median, min, max and spread ((max-min)/median) of a list."""
    v = [x for x in values if x is not None]
    if not v:
        return None
    med = statistics.median(v)
    return {"median": med, "min": min(v), "max": max(v), "n": len(v),
            "spread": (max(v) - min(v)) / med if med else 0.0}


# ---- build, data, machine --------------------------------------------------

def build():
    log("building optimised in", BUILD)
    run(["cmake", "-S", ROOT, "-B", BUILD, "-DCMAKE_BUILD_TYPE=Release",
         "-DCMAKE_C_FLAGS_RELEASE=-O3 -DNDEBUG -g", "-DNE_SANITIZE=OFF",
         "-DNE_WERROR=ON"], stdout=subprocess.DEVNULL)
    run(["cmake", "--build", BUILD, "-j%d" % CORES, "--target", "newsenrich",
         "bench_proc", "bench_kafka"], stdout=subprocess.DEVNULL)


def generate():
    meta = os.path.join(DATA, "meta.json")
    gen = os.path.join(HERE, "gen_articles.py")
    if os.path.exists(meta) and os.path.getmtime(meta) > os.path.getmtime(gen):
        with open(meta) as f:
            m = json.load(f)
        if m.get("count") == GEN_COUNT:
            return m
    log("generating article streams in", DATA)
    run([sys.executable, gen, SHARED, DATA, "--count", str(GEN_COUNT)])
    with open(meta) as f:
        return json.load(f)


def machine():
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True,
                                  check=True).stdout.splitlines()[0].strip()
        except (OSError, subprocess.CalledProcessError, IndexError):
            return "?"
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    ver = first([os.path.join(BUILD, "newsenrich"), "version"])
    m = re.search(r"librdkafka ([^,]+)", ver)
    return {
        "cpu": cpu, "cores": CORES, "ram_gb": round(mem_kb / 1048576, 1),
        "kernel": platform.release(), "compiler": first(["gcc", "--version"]),
        "cflags": "-O3 -DNDEBUG -g (CMake Release)",
        "librdkafka": m.group(1) if m else "?", "newsenrich": ver,
        "java": first(["sh", "-c", "java -version 2>&1"]),
        "kafka_jvm_opts": KAFKA_JVM,
        "git": first(["git", "-C", ROOT, "describe", "--always", "--dirty"]),
        "load_before": os.getloadavg(),
    }


# ---- process accounting ----------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """user + system CPU seconds of a process (all its threads)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return None


def thread_cpu(pid):
    """CPU seconds of a process's threads, summed by thread name (digits
    dropped: "rdk:broker1" and "rdk:broker2" are one line), most first."""
    out = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return out
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                text = f.read()
        except OSError:
            continue
        name = re.sub(r"[0-9]+$", "",
                      text[text.index("(") + 1:text.rindex(")")])
        fields = text.rsplit(")", 1)[1].split()
        out[name] = out.get(name, 0.0) + (int(fields[11]) +
                                          int(fields[12])) / TICK
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def jit_cpu_seconds(pid):
    """CPU seconds of a JVM's JIT compiler threads ("C1/C2 CompilerThre"):
    a fresh broker compiles for minutes, a one-off cost that a broker in
    service has long paid, so it is kept out of the per-article figures
    and reported on its own."""
    return sum(v for name, v in thread_cpu(pid).items()
               if "CompilerThre" in name)


def broker_cpu(pid):
    """(CPU seconds of the broker without its JIT compiler threads, those
    threads' CPU seconds)."""
    jit = jit_cpu_seconds(pid)
    return (cpu_seconds(pid) or 0.0) - jit, jit


def status_kb(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def machine_busy():
    """Busy and steal CPU seconds of the whole machine so far."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = v
    return (user + nice + system + irq + softirq) / TICK, steal / TICK


def cpu_pressure_s():
    """Seconds in which some runnable task of the machine waited for a CPU
    (/proc/pressure/cpu "some"), or None without PSI."""
    try:
        with open("/proc/pressure/cpu") as f:
            for line in f:
                if line.startswith("some"):
                    return int(line.rsplit("total=", 1)[1]) / 1e6
    except (OSError, ValueError, IndexError):
        pass
    return None


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class Foreign:
    """CPU that other processes (other developers' jobs) used while a
    measurement ran: the machine's busy time minus ours (our children,
    once waited for, and the broker), in cores."""

    def __init__(self, broker_pid=None):
        self.broker_pid = broker_pid
        self.t0 = time.monotonic()
        self.busy0, self.steal0 = machine_busy()
        self.psi0 = cpu_pressure_s()
        self.kids0 = children_cpu()
        self.broker0 = cpu_seconds(broker_pid) if broker_pid else 0.0

    def done(self):
        busy, steal = machine_busy()
        wall = time.monotonic() - self.t0
        ours = children_cpu() - self.kids0
        if self.broker_pid:
            ours += (cpu_seconds(self.broker_pid) or 0) - self.broker0
        psi = cpu_pressure_s()
        return {"other_cores": round(max(0.0, busy - self.busy0 - ours) /
                                     wall, 2),
                "steal_cores": round((steal - self.steal0) / wall, 2),
                # share of the time in which a runnable task waited for a
                # core: the queueing that the other jobs and ours impose
                "cpu_pressure": round((psi - self.psi0) / wall, 3)
                if psi is not None and self.psi0 is not None else None}


class Sampler(threading.Thread):
    """Samples a daemon's RSS and its consumed count every `every` s."""

    def __init__(self, pid, port, every):
        super().__init__(daemon=True)
        self.pid, self.port, self.every = pid, port, every
        self.samples = []
        self.halt = threading.Event()

    GAUGES = {"newsenrich_messages_consumed_total": "consumed",
              "newsenrich_inflight_messages": "inflight",
              "newsenrich_producer_queue_messages": "outq"}

    def scrape(self):
        """consumed (all topics), in flight and producer queue, or {}."""
        out = {}
        if not self.port:
            return out
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/metrics" %
                                        self.port, timeout=2) as r:
                for line in r.read().decode().splitlines():
                    name = line.split("{", 1)[0].split(" ", 1)[0]
                    if name in self.GAUGES:
                        key = self.GAUGES[name]
                        out[key] = out.get(key, 0) + int(
                            float(line.rsplit(" ", 1)[1]))
        except (OSError, ValueError):
            pass
        return out

    def run(self):
        t0 = time.monotonic()
        while not self.halt.is_set():
            rss = status_kb(self.pid, "VmRSS")
            if rss is None:
                break
            sample = {"t": round(time.monotonic() - t0, 1), "rss_kb": rss,
                      "consumed": None}
            sample.update(self.scrape())
            self.samples.append(sample)
            self.halt.wait(self.every)

    def stop(self):
        self.halt.set()
        self.join()


# ---- Kafka -----------------------------------------------------------------

class Broker:
    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "kafka")
        # safepoint pauses (GC and others) with wall-clock times, to tell
        # which latency samples a stopped broker delayed
        self.gc_log = os.path.join(self.dir, "gc.log")
        env = dict(os.environ, KAFKA_JVM_OPTS=KAFKA_JVM +
                   " -Xlog:safepoint:file=%s:time" % self.gc_log)
        log("starting the Kafka broker (full JIT)")
        run([KAFKA_SH, "start", self.dir], env=env,
            stderr=subprocess.DEVNULL)
        with open(os.path.join(self.dir, "bootstrap")) as f:
            self.bootstrap = f.read().strip()
        with open(os.path.join(self.dir, "pid")) as f:
            self.pid = int(f.read().strip())

    def stop(self):
        subprocess.run([KAFKA_SH, "stop", self.dir])


def kafka_tool(*args, **kw):
    return [os.path.join(BUILD, "bench", "bench_kafka")] + [str(a)
                                                             for a in args]


class Daemon:
    """`newsenrich run` on the bench topics, threads = cores. binary:
    another build's newsenrich (it then loads its own tree's models);
    kafka: extra librdkafka properties; off: outputs switched off
    ("entities", "claims"); env: extra environment variables."""

    def __init__(self, workdir, bootstrap, run_id, extra_topics=None,
                 binary=None, kafka=None, off=(), env=None):
        self.run_id = run_id
        self.binary = binary
        self.env = env or {}
        self.t = {"input": "in-" + run_id, "enriched": "enr-" + run_id,
                  "entities": "ent-" + run_id, "claims": "clm-" + run_id,
                  "dlq": "dlq-" + run_id}
        for k in off:
            self.t[k] = ""
        cfg = {"kafka": dict({"bootstrap.servers": bootstrap,
                              "group.id": "g-" + run_id}, **(kafka or {})),
               "topics": {"input": [self.t["input"]],
                          "enriched": self.t["enriched"],
                          "entities": self.t["entities"],
                          "claims": self.t["claims"], "dlq": self.t["dlq"]},
               "processing": {"threads": CORES},
               "http": {"listen": "127.0.0.1:0"},
               "log": {"level": "info", "format": "json"}}
        self.cfg_path = os.path.join(workdir, "cfg-%s.json" % run_id)
        self.log_path = os.path.join(workdir, "daemon-%s.log" % run_id)
        with open(self.cfg_path, "w") as f:
            json.dump(cfg, f)
        self.proc = None
        self.port = None

    def start(self, timeout=60):
        env = dict(os.environ, **self.env)
        env.pop("NEWSENRICH_MODELS_DIR", None)
        if not self.binary:
            env["NEWSENRICH_MODELS_DIR"] = os.path.join(ROOT, "models")
        self.logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [self.binary or os.path.join(BUILD, "newsenrich"), "run", "-c",
             self.cfg_path],
            stdout=subprocess.DEVNULL, stderr=self.logf, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("newsenrich exited: see " + self.log_path)
            for ev in self.events():
                if ev.get("event") == "listening":
                    self.port = ev.get("port")
                if ev.get("event") == "partitions_assigned":
                    return self
            time.sleep(0.1)
        raise RuntimeError("newsenrich got no partitions in time")

    def events(self):
        out = []
        with open(self.log_path, "rb") as f:
            for line in f:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        return out

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.logf.close()


def create_topics(bootstrap, names, parts=4, configs=()):
    for n in names:
        run(kafka_tool("create", bootstrap, n, parts, *configs))


def drive(bootstrap, in_topic, rec, count, rate, window, outs, expect=None,
          warmup=0, timeout=1800, identity=False, dump=None):
    """Start bench_kafka drive; returns the Popen (stdout: JSON)."""
    env = dict(os.environ, BENCH_TIMEOUT=str(timeout),
               BENCH_WARMUP=str(warmup))
    if dump:
        env["BENCH_DUMP"] = dump
    if expect:
        env["BENCH_EXPECT"] = str(expect)
    if identity:
        env["BENCH_IDENTITY"] = "1"
    return subprocess.Popen(kafka_tool("drive", bootstrap, in_topic, rec,
                                       count, rate, window, *outs),
                            stdout=subprocess.PIPE, text=True, env=env)


def finish_drive(p, timeout):
    out, _ = p.communicate(timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError("bench_kafka drive failed: %s" % out)
    return json.loads(out.strip().splitlines()[-1])


# ---- where the latency tail comes from -------------------------------------

SAFEPOINT = re.compile(r"^\[([^\]]+)\].*Safepoint \"(\w+)\".*"
                       r"Total: (\d+) ns")


def safepoints(gc_log):
    """The broker's safepoint pauses as (start, end) Unix times."""
    out = []
    try:
        with open(gc_log) as f:
            for line in f:
                m = SAFEPOINT.match(line)
                if not m:
                    continue
                end = datetime.datetime.strptime(
                    m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
                out.append((end - int(m.group(3)) / 1e9, end))
    except OSError:
        pass
    return out


def tail_causes(r, dump, gc_log, long_ms=5.0):
    """Which of a latency run's slowest samples (p99 and above) were in
    flight while the broker stood still in a safepoint of long_ms or more,
    against the share of all samples that were (the chance level)."""
    try:
        with open(dump) as f:
            rows = [(float(a), float(b)) for a, b, _, _ in
                    (line.split() for line in f)]
    except (OSError, ValueError):
        return None
    if not rows or "start_unix_s" not in r:
        return None
    t0 = r["start_unix_s"]
    t1 = t0 + max(s + lat / 1000 for s, lat in rows)
    pauses = [p for p in safepoints(gc_log) if p[1] >= t0 and p[0] <= t1]
    long_pauses = [p for p in pauses if p[1] - p[0] >= long_ms / 1000]

    def in_pause(s, lat):
        a, b = t0 + s, t0 + s + lat / 1000
        return any(p[0] < b and p[1] > a for p in long_pauses)
    p99 = sorted(lat for _, lat in rows)[int(0.99 * (len(rows) - 1))]
    tail = [x for x in rows if x[1] >= p99]
    return {"pauses": len(pauses),
            "pause_ms_per_s": 1000 * sum(b - a for a, b in pauses) /
            max(1e-9, t1 - t0),
            "max_pause_ms": 1000 * max([b - a for a, b in pauses] or [0]),
            "tail_in_pause": sum(in_pause(*x) for x in tail) / len(tail),
            "all_in_pause": sum(in_pause(*x) for x in rows) / len(rows)}


# ---- the measurements ------------------------------------------------------

def proc_only(sets, threads, seconds, n_recs):
    """One bench_proc run per (set, threads)."""
    res = {}
    for s in sets:
        for t in threads:
            fg = Foreign()
            r = out_json([os.path.join(BUILD, "bench", "bench_proc"), "-t",
                          str(t), "-s", str(seconds), "-n", str(n_recs),
                          os.path.join(DATA, s + ".rec")])
            r["load"] = fg.done()
            res["%s/%d" % (s, t)] = r
            log("processor %s %d thread(s): %.0f articles/s, %.2f MB/s, "
                "%.2f MB/s per CPU-s (other load %.2f cores)" % (
                    s, t, r["articles_per_s"], r["text_mb_per_s"],
                    r["text_mb_per_cpu_s"], r["load"]["other_cores"]))
    return res


def stages(sets, seconds, n_recs):
    res = {}
    for s in sets:
        res[s] = out_json([os.path.join(BUILD, "bench", "bench_proc"),
                           "--stages", "-s", str(seconds), "-n", str(n_recs),
                           os.path.join(DATA, s + ".rec")])
    return res


def stop_proc(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def kafka_only(workdir, broker, run_id, count):
    """Pre-fill, then pass-through with newsenrich's settings; the arrival
    rate on the output topic is the ceiling."""
    tin, tout = "kin-" + run_id, "kout-" + run_id
    create_topics(broker.bootstrap, [tin, tout])
    run(kafka_tool("fill", broker.bootstrap, tin,
                   os.path.join(DATA, "mix.rec"), count),
        stderr=subprocess.DEVNULL)
    fg = Foreign(broker.pid)
    cpu_b0 = broker_cpu(broker.pid)
    d = drive(broker.bootstrap, tin, "-", 0, 0, 0, [tout], expect=count,
              timeout=600)
    p = subprocess.Popen(kafka_tool("pass", broker.bootstrap, tin, tout,
                                    "kg-" + run_id),
                         stderr=subprocess.DEVNULL)
    try:
        r = finish_drive(d, 660)
        r["pass_cpu_s"] = cpu_seconds(p.pid)
        cpu_b1 = broker_cpu(broker.pid)
        r["broker_cpu_s"] = cpu_b1[0] - cpu_b0[0]
        r["broker_jit_cpu_s"] = cpu_b1[1] - cpu_b0[1]
    finally:
        stop_proc(p)
    r["load"] = fg.done()
    return r


def through_worker(workdir, broker, run_id, count, prefill=True, window=0,
                   every=1.0, configs=(), rec=None, daemon=None,
                   on_start=None):
    """count articles through one worker: pre-filled (the sustained rate
    of draining a backlog) or produced unpaced at most `window` ahead of
    the outputs (the long run). Arrivals are counted on enriched + DLQ;
    RSS is sampled every `every` seconds. rec: the input records (default
    the mixed stream); daemon: Daemon's keyword options; on_start(pid) is
    called once the worker runs (a profiler attaching)."""
    dm = Daemon(workdir, broker.bootstrap, run_id, **(daemon or {}))
    create_topics(broker.bootstrap, [t for t in dm.t.values() if t],
                  configs=configs)
    rec = rec or os.path.join(DATA, "mix.rec")
    if prefill:
        run(kafka_tool("fill", broker.bootstrap, dm.t["input"], rec, count),
            stderr=subprocess.DEVNULL)
    fg = Foreign(broker.pid)
    cpu_b0 = broker_cpu(broker.pid)
    t0 = time.monotonic()
    if prefill:
        # the worker starts after the drive: its start-up is not measured
        d = drive(broker.bootstrap, dm.t["input"], "-", 0, 0, 0,
                  [dm.t["enriched"], dm.t["dlq"]], expect=count, timeout=900)
        dm.start()
    else:
        dm.start()
        d = drive(broker.bootstrap, dm.t["input"], rec, count, 0, window,
                  [dm.t["enriched"], dm.t["dlq"]], timeout=6 * 3600)
    if on_start:
        on_start(dm.proc.pid)
    s = Sampler(dm.proc.pid, dm.port, every)
    s.start()
    try:
        r = finish_drive(d, 6 * 3600 + 60)
        r["wall_s"] = time.monotonic() - t0
        r["daemon_cpu_s"] = cpu_seconds(dm.proc.pid)
        cpu_b1 = broker_cpu(broker.pid)
        r["broker_cpu_s"] = cpu_b1[0] - cpu_b0[0]
        r["broker_jit_cpu_s"] = cpu_b1[1] - cpu_b0[1]
        r["rss_end_kb"] = status_kb(dm.proc.pid, "VmRSS")
        r["hwm_kb"] = status_kb(dm.proc.pid, "VmHWM")
        r["thread_cpu_s"] = thread_cpu(dm.proc.pid)
        r["topics"] = dm.t
    finally:
        s.stop()
        dm.stop()
    r["load"] = fg.done()
    r["rss_samples"] = s.samples
    return r


def latency(workdir, broker, run_id, rate, seconds, warmup, rec=None,
            daemon=None):
    """A paced producer at `rate`; latency of every enriched record."""
    dm = Daemon(workdir, broker.bootstrap, run_id, **(daemon or {}))
    create_topics(broker.bootstrap, [t for t in dm.t.values() if t])
    dm.start()
    fg = Foreign(broker.pid)
    cpu_b0, cpu_w0 = broker_cpu(broker.pid), cpu_seconds(dm.proc.pid)
    try:
        dump = os.path.join(workdir, "lat-%s.txt" % run_id)
        d = drive(broker.bootstrap, dm.t["input"],
                  rec or os.path.join(DATA, "mix.rec"), int(rate * seconds),
                  rate, 0, [dm.t["enriched"], dm.t["dlq"]], warmup=warmup,
                  timeout=seconds * 4 + 60, dump=dump)
        r = finish_drive(d, seconds * 4 + 120)
        r["tail"] = tail_causes(r, dump, broker.gc_log)
        r["daemon_cpu_s"] = cpu_seconds(dm.proc.pid) - cpu_w0
        cpu_b1 = broker_cpu(broker.pid)
        r["broker_cpu_s"] = cpu_b1[0] - cpu_b0[0]
        r["broker_jit_cpu_s"] = cpu_b1[1] - cpu_b0[1]
    finally:
        dm.stop()
    r["load"] = fg.done()
    return r


def kafka_latency(workdir, broker, run_id, rate, seconds, warmup):
    """The same paced stream through the pass-through: Kafka's share."""
    tin, tout = "lin-" + run_id, "lout-" + run_id
    create_topics(broker.bootstrap, [tin, tout])
    p = subprocess.Popen(kafka_tool("pass", broker.bootstrap, tin, tout,
                                    "lg-" + run_id),
                         stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)  # the pass-through joins its group
        fg = Foreign(broker.pid)
        dump = os.path.join(workdir, "lat-%s.txt" % run_id)
        d = drive(broker.bootstrap, tin, os.path.join(DATA, "mix.rec"),
                  int(rate * seconds), rate, 0, [tout], warmup=warmup,
                  timeout=seconds * 4 + 60, identity=True, dump=dump)
        r = finish_drive(d, seconds * 4 + 120)
        r["tail"] = tail_causes(r, dump, broker.gc_log)
    finally:
        stop_proc(p)
    r["load"] = fg.done()
    return r


def rss_growth(samples, count):
    """RSS over a long run. Peaks follow the backlog (records waiting for
    the broker's acknowledgement; malloc keeps freed memory for reuse), so
    growth is judged on the floor: the lowest RSS in the second tenth of
    the run against the lowest in the last tenth. A leak raises the floor;
    a backlog only the peaks."""
    pts = [x for x in samples if x.get("consumed") is not None]
    if not pts:
        return None

    def window(lo, hi):
        w = [x for x in pts if lo * count <= x["consumed"] < hi * count]
        return w or pts[-1:]
    early, late = window(0.1, 0.2), window(0.9, 1.01)
    floor0 = min(early, key=lambda x: x["rss_kb"])
    floor1 = min(late, key=lambda x: x["rss_kb"])
    top = max(pts, key=lambda x: x["rss_kb"])
    return {"rss_warm_kb": floor0["rss_kb"], "warm_at": floor0["consumed"],
            "rss_end_kb": floor1["rss_kb"], "end_at": floor1["consumed"],
            "growth_kb": floor1["rss_kb"] - floor0["rss_kb"],
            "max_kb": top["rss_kb"], "max_at": top["consumed"],
            "max_inflight": top.get("inflight"),
            "last_kb": pts[-1]["rss_kb"]}


# ---- report ----------------------------------------------------------------

def entity_pass(st):
    """tokens/s of tokenise + langid + tag + cluster/link, CPU time."""
    s = st["stage_seconds"]
    t = s["text"] + s["langid"] + s["ner"] + s["entities"]
    return st["tokens"] / t if t else None


def summarise(res):
    """The headline numbers, with the targets."""
    out = {}
    po = res["processor"]
    for key in po[0]:
        out["proc " + key] = {
            m: stats([rep[key][m] for rep in po])
            for m in ("articles_per_s", "text_mb_per_s", "tokens_per_s",
                      "articles_per_cpu_s", "text_mb_per_cpu_s",
                      "tokens_per_cpu_s")}
        out["proc " + key]["other_load_cores"] = stats(
            [rep[key]["load"]["other_cores"] for rep in po])
    st = res["stages"]
    for s in st[0]:
        shares = {}
        for name in st[0][s]["stage_seconds"]:
            shares[name] = stats([rep[s]["stage_seconds"][name] /
                                  rep[s]["staged_seconds"] for rep in st])
        ep = stats([entity_pass(rep[s]) for rep in st])
        ent_s = [rep[s]["stage_seconds"] for rep in st]
        claims = stats([x["claims"] / (x["text"] + x["langid"] + x["ner"] +
                                       x["entities"]) for x in ent_s])
        full = stats([rep[s]["text_bytes"] / rep[s]["staged_seconds"] / 1e6
                      for rep in st])
        out["stages " + s] = {"share": shares, "entity_pass_tokens_per_s": ep,
                              "claims_over_entity_pass": claims,
                              "text_mb_per_stage_s": full,
                              "entities_per_article": st[0][s]["entities"] /
                              max(1, st[0][s]["articles"]),
                              "claims_per_article": st[0][s]["claims"] /
                              max(1, st[0][s]["articles"])}
    if res.get("pipeline"):
        pl, ko = res["pipeline"], res["kafka_only"]
        side = res["processor_side"]
        out["e2e"] = {
            "pipeline_articles_per_s": stats([r["arrival_rate"] for r in pl]),
            "kafka_only_articles_per_s": stats([r["arrival_rate"]
                                                for r in ko]),
            "processor_only_articles_per_s": stats(
                [r["articles_per_s"] for r in side]),
            "pipeline_over_processor": stats(
                [p["arrival_rate"] / s["articles_per_s"]
                 for p, s in zip(pl, side)]),
            "pipeline_over_kafka_only": stats(
                [p["arrival_rate"] / k["arrival_rate"]
                 for p, k in zip(pl, ko)]),
            # what the ratio would be if the cores were ours alone: the
            # processor's CPU per article over the worker's plus the
            # broker's (the measuring consumer is not counted)
            "cpu_cost_ratio": stats(
                [(s["cpu_seconds"] / (s["articles"] + s["errors"])) /
                 ((p["daemon_cpu_s"] + p["broker_cpu_s"]) / p["arrived"])
                 for p, s in zip(pl, side)]),
            "worker_cpu_ratio": stats(
                [(s["cpu_seconds"] / (s["articles"] + s["errors"])) /
                 (p["daemon_cpu_s"] / p["arrived"])
                 for p, s in zip(pl, side)]),
            "daemon_cpu_ms_per_article": stats(
                [1000 * p["daemon_cpu_s"] / p["arrived"] for p in pl]),
            "processor_cpu_ms_per_article": stats(
                [1000 * s["cpu_seconds"] / (s["articles"] + s["errors"])
                 for s in side]),
            "broker_cpu_ms_per_article": stats(
                [1000 * p["broker_cpu_s"] / p["arrived"] for p in pl]),
            "broker_jit_cpu_ms_per_article": stats(
                [1000 * p.get("broker_jit_cpu_s", 0) / p["arrived"]
                 for p in pl]),
            "passthrough_cpu_ms_per_article": stats(
                [1000 * k["pass_cpu_s"] / k["arrived"] for k in ko]),
            "articles_per_run": pl[0]["arrived"],
            "other_load_cores": stats([r["load"]["other_cores"]
                                       for r in pl]),
        }
        out["latency"] = {
            "rate": stats([r["rate"] for r in res["latency"]]),
            "p50_ms": stats([r["latency_ms"]["p50"] for r in res["latency"]]),
            "p99_ms": stats([r["latency_ms"]["p99"] for r in res["latency"]]),
            "p999_ms": stats([r["latency_ms"]["p999"]
                              for r in res["latency"]]),
            "kafka_only_p50_ms": stats([r["latency_ms"]["p50"]
                                        for r in res["kafka_latency"]]),
            "kafka_only_p99_ms": stats([r["latency_ms"]["p99"]
                                        for r in res["kafka_latency"]]),
            "kafka_only_p999_ms": stats([r["latency_ms"]["p999"]
                                         for r in res["kafka_latency"]]),
            "samples": sum(r["latency_n"] for r in res["latency"]),
            "max_pause_ms": stats([r["tail"]["max_pause_ms"]
                                   for r in res["latency"] if r.get("tail")]),
            "pause_ms_per_s": stats([r["tail"]["pause_ms_per_s"]
                                     for r in res["latency"]
                                     if r.get("tail")]),
            "tail_in_pause": stats([r["tail"]["tail_in_pause"]
                                    for r in res["latency"] if r.get("tail")]),
            "all_in_pause": stats([r["tail"]["all_in_pause"]
                                   for r in res["latency"] if r.get("tail")]),
            "kafka_only_tail_in_pause": stats(
                [r["tail"]["tail_in_pause"] for r in res["kafka_latency"]
                 if r.get("tail")]),
            "cpu_pressure": stats([r["load"].get("cpu_pressure")
                                   for r in res["latency"]]),
            "other_load_cores": stats([r["load"]["other_cores"]
                                       for r in res["latency"]]),
        }
        out["memory"] = {
            "peak_rss_mb": max(r["hwm_kb"] for r in pl) / 1024,
            "rss_after_run_mb": stats([r["rss_end_kb"] / 1024 for r in pl]),
        }
    if res.get("long"):
        lg = res["long"]
        out["long"] = {"date": lg.get("date"), "articles": lg["arrived"],
                       "wall_s": lg["wall_s"],
                       "articles_per_s": lg["arrived"] / lg["wall_s"],
                       "peak_rss_mb": lg["hwm_kb"] / 1024,
                       "growth": rss_growth(lg["rss_samples"],
                                            lg["produced"])}
    return out


def targets(sm):
    t = []

    def add(name, value, goal, ok, note=""):
        t.append({"target": name, "value": value, "goal": goal,
                  "met": ok, "note": note})

    de = sm["proc de/1"]["text_mb_per_cpu_s"]["median"]
    de_wall = sm["proc de/1"]["text_mb_per_s"]["median"]
    missing = [s for s in ("entities", "claims")
               if not sm["stages de"][s + "_per_article"]]
    add("processor, full extraction, 1 thread, German", "%.2f MB/s per "
        "CPU-s (%.2f MB/s wall)" % (de, de_wall), ">= 10 MB/s", de >= 10,
        "without %s: not in this build yet" % " and ".join(missing)
        if missing else "")
    ep = sm["stages de"]["entity_pass_tokens_per_s"]["median"]
    add("entity pass (tokenise+langid+tag+cluster+link), German",
        "%.2f M tokens/s" % (ep / 1e6), ">= 1M tokens/s", ep >= 1e6)
    cl = sm["stages de"]["claims_over_entity_pass"]["median"]
    add("claims over the entity pass, German", "+%.1f%%" % (100 * cl),
        "<= +30%", cl <= 0.3 if "claims" not in missing else None,
        "no claims stage in this build yet" if "claims" in missing else "")
    if "e2e" in sm:
        r = sm["e2e"]["pipeline_over_processor"]["median"]
        rc = sm["e2e"]["cpu_cost_ratio"]["median"]
        add("end to end / processor-only, same 2 cores",
            "%.1f%% by CPU cost (wall, side by side: %.0f%%, spread %.0f%%)"
            % (100 * rc, 100 * r,
               100 * sm["e2e"]["pipeline_over_processor"]["spread"]),
            ">= 70%", rc >= 0.7,
            "judged by CPU cost: other jobs' load moves the wall ratio")
        p99 = sm["latency"]["p99_ms"]["median"]
        add("p99 end-to-end latency at half the sustained rate",
            "%.1f ms" % p99, "< 50 ms", p99 < 50)
        rss = sm["memory"]["peak_rss_mb"]
        if "long" in sm:
            rss = max(rss, sm["long"]["peak_rss_mb"])
        add("peak RSS per worker, both models (short and long runs)",
            "%.0f MB" % rss, "< 256 MB", rss < 256)
    if "long" in sm and sm["long"]["growth"]:
        g = sm["long"]["growth"]
        grow = g["growth_kb"] / 1024
        add("RSS flat over %d articles" % sm["long"]["articles"],
            "floor %+.1f MB (%.0f MB at %dk, %.0f MB at %dk); highest "
            "sample %.0f MB at %dk with %s articles in flight" % (
                grow, g["rss_warm_kb"] / 1024, g["warm_at"] // 1000,
                g["rss_end_kb"] / 1024, g["end_at"] // 1000,
                g["max_kb"] / 1024, g["max_at"] // 1000,
                g["max_inflight"] if g["max_inflight"] is not None
                else "?"),
            "flat (floor < +10 MB after warm-up)", grow < 10)
    return t


def fmt(s, scale=1.0, digits=0):
    if not s:
        return "-"
    f = "%%.%df" % digits
    return (f % (s["median"] * scale)) + " (" + (f % (s["min"] * scale)) + \
        "-" + (f % (s["max"] * scale)) + ")"


def markdown(res, sm, tg):
    m = res["machine"]
    L = []
    L.append("Benchmark of %s, %s" % (m["git"], res["date"]))
    L.append("")
    L.append("Machine: %s, %d cores, %.0f GB RAM, Linux %s, %s, %s, "
             "librdkafka %s, Kafka 3.9.1 on %s (%s). Load average before: "
             "%.2f, after: %.2f (the machine is shared)." % (
                 m["cpu"], m["cores"], m["ram_gb"], m["kernel"],
                 m["compiler"], m["cflags"], m["librdkafka"], m["java"],
                 "G1, full JIT", m["load_before"][0], res["load_after"][0]))
    L.append("")
    L.append("Median of %d repetitions, (min-max) in brackets. \"per CPU-s\" "
             "divides by the threads' CPU time instead of wall time: on a "
             "shared machine it is the steadier per-core figure." %
             res["reps"])
    L.append("")
    L.append("| processor only (in-process) | articles/s | MB/s text | "
             "tokens/s | articles per CPU-s | MB/s per CPU-s | other load, "
             "cores |")
    L.append("|---|---|---|---|---|---|---|")
    for key, v in sm.items():
        if not key.startswith("proc "):
            continue
        s, t = key[5:].split("/")
        L.append("| %s, %s thread%s | %s | %s | %s | %s | %s | %s |" % (
            {"de": "German", "en": "English", "mix": "mixed"}[s], t,
            "" if t == "1" else "s", fmt(v["articles_per_s"]),
            fmt(v["text_mb_per_s"], 1, 2),
            fmt(v["tokens_per_s"], 1e-3) + "k",
            fmt(v["articles_per_cpu_s"]), fmt(v["text_mb_per_cpu_s"], 1, 2),
            fmt(v["other_load_cores"], 1, 2)))
    L.append("")
    names = list(res["stages"][0]["de"]["stage_seconds"].keys())
    L.append("| share of processor time, 1 thread | " + " | ".join(names) +
             " | entity pass tokens/s | claims / entity pass |")
    L.append("|---|" + "---|" * (len(names) + 2))
    for key, v in sm.items():
        if not key.startswith("stages "):
            continue
        L.append("| %s | " % {"de": "German", "en": "English",
                              "mix": "mixed"}[key[7:]] +
                 " | ".join("%.1f%%" % (100 * v["share"][n]["median"])
                            for n in names) +
                 " | %s | %s |" % (
                     fmt(v["entity_pass_tokens_per_s"], 1e-6, 2) + " M",
                     "%.1f%%" % (100 * v["claims_over_entity_pass"]
                                 ["median"])))
    if "e2e" in sm:
        e, la, me = sm["e2e"], sm["latency"], sm["memory"]
        L.append("")
        L.append("| end to end (mixed stream, %d articles a run, %d "
                 "threads) | value |" % (e["articles_per_run"], CORES))
        L.append("|---|---|")
        L.append("| pipeline sustained, articles/s | %s |" %
                 fmt(e["pipeline_articles_per_s"]))
        L.append("| processor only, same cores, articles/s | %s |" %
                 fmt(e["processor_only_articles_per_s"]))
        L.append("| Kafka-only pass-through, articles/s | %s |" %
                 fmt(e["kafka_only_articles_per_s"]))
        L.append("| pipeline / processor only (wall; the other jobs "
                 "yield more CPU to the pipeline's many threads than to "
                 "2 processor threads, so this reads high) | %s%% |" %
                 fmt(e["pipeline_over_processor"], 100))
        L.append("| CPU-cost ratio: processor CPU per article / (worker + "
                 "broker CPU per article) | %s%% |" %
                 fmt(e["cpu_cost_ratio"], 100))
        L.append("| processor CPU per article / worker CPU per article | "
                 "%s%% |" % fmt(e["worker_cpu_ratio"], 100))
        L.append("| pipeline / Kafka only | %s%% |" %
                 fmt(e["pipeline_over_kafka_only"], 100))
        L.append("| CPU ms per article: worker / processor only / broker "
                 "/ pass-through | %s / %s / %s / %s |" % (
                     fmt(e["daemon_cpu_ms_per_article"], 1, 2),
                     fmt(e["processor_cpu_ms_per_article"], 1, 2),
                     fmt(e["broker_cpu_ms_per_article"], 1, 2),
                     fmt(e["passthrough_cpu_ms_per_article"], 1, 3)))
        L.append("| broker JIT compiler CPU during the pipeline runs, ms per "
                 "article (one-off warm-up, not in the broker figure) | "
                 "%s |" % fmt(e.get("broker_jit_cpu_ms_per_article"), 1, 3))
        L.append("| other processes' CPU during the runs, cores | %s |" %
                 fmt(e["other_load_cores"], 1, 2))
        L.append("| latency at half rate (%s articles/s): p50 / p99 / "
                 "p99.9 ms | %s / %s / %s |" % (
                     fmt(la["rate"]), fmt(la["p50_ms"], 1, 1),
                     fmt(la["p99_ms"], 1, 1), fmt(la["p999_ms"], 1, 1)))
        L.append("| Kafka-only latency, same rate: p50 / p99 / p99.9 ms | "
                 "%s / %s / %s |" % (fmt(la["kafka_only_p50_ms"], 1, 1),
                                     fmt(la["kafka_only_p99_ms"], 1, 1),
                                     fmt(la["kafka_only_p999_ms"], 1, 1)))
        if la.get("tail_in_pause"):
            L.append("| latency runs: broker safepoint pauses, longest ms / "
                     "ms stopped per s | %s / %s |" % (
                         fmt(la["max_pause_ms"], 1, 1),
                         fmt(la["pause_ms_per_s"], 1, 1)))
            L.append("| p99 tail in flight during a broker pause of 5 ms or "
                     "more: pipeline / Kafka only (all samples: chance "
                     "level) | %s%% / %s%% (%s%%) |" % (
                         fmt(la["tail_in_pause"], 100),
                         fmt(la["kafka_only_tail_in_pause"], 100),
                         fmt(la["all_in_pause"], 100, 1)))
        if la.get("cpu_pressure"):
            L.append("| latency runs: share of time a runnable task waited "
                     "for a core (/proc/pressure/cpu) | %s%% |" %
                     fmt(la["cpu_pressure"], 100))
        L.append("| worker peak RSS (both models) | %.0f MB |" %
                 me["peak_rss_mb"])
        L.append("| worker RSS after a run | %s MB |" %
                 fmt(me["rss_after_run_mb"]))
    if "long" in sm:
        lg = sm["long"]
        g = lg["growth"] or {}
        L.append("| long run (%s): %d articles in %.0f s (%.0f/s); RSS "
                 "floor at %dk / floor at %dk / peak / at the end | %.0f / "
                 "%.0f / %.0f / %.0f MB |" % (
                     lg.get("date", "?"), lg["articles"], lg["wall_s"],
                     lg["articles_per_s"],
                     g.get("warm_at", 0) // 1000, g.get("end_at", 0) // 1000,
                     g.get("rss_warm_kb", 0) / 1024,
                     g.get("rss_end_kb", 0) / 1024, lg["peak_rss_mb"],
                     g.get("last_kb", 0) / 1024))
    L.append("")
    L.append("| target | measured | goal | met |")
    L.append("|---|---|---|---|")
    for t in tg:
        L.append("| %s | %s | %s | %s%s |" % (
            t["target"], t["value"], t["goal"],
            {True: "yes", False: "no", None: "n/a"}[t["met"]],
            " (" + t["note"] + ")" if t["note"] else ""))
    return "\n".join(L) + "\n"


def long_run(work, broker, count):
    """count articles through one worker (unpaced, at most 20,000 ahead of
    the outputs), RSS every 5 s; old segments go after 10 minutes so that
    the broker's disk stays bounded."""
    log("long run: %d articles through one worker" % count)
    return through_worker(work, broker, "long", count, prefill=False,
                          window=20000, every=5.0,
                          configs=["retention.ms=600000",
                                   "segment.bytes=268435456"])


def kafka_runs(a, res, work, broker, n_recs):
    """End to end, Kafka-only and latency, repetition by repetition."""
    # warm the broker's JIT before anything is measured: a backlog of
    # single records, the worker's compressed batches to three topics and
    # a paced trickle exercise different code (what still compiles during
    # the runs is counted apart from the broker's CPU per article)
    kafka_only(work, broker, "warm", 20000 if not a.quick else 5000)
    through_worker(work, broker, "warmp", 20000 if not a.quick else 5000)
    latency(work, broker, "warm", 200, 10 if not a.quick else 4, 0)
    rate = statistics.median(r["mix/%d" % CORES]["articles_per_s"]
                             for r in res["processor"])
    count = int(min(200000, max(3000, rate * a.e2e_seconds)))
    for key in ("pipeline", "kafka_only", "processor_side", "latency",
                "kafka_latency"):
        res[key] = []
    for rep in range(a.reps):
        log("end to end, repetition %d of %d (%d articles)" %
            (rep + 1, a.reps, count))
        ko = kafka_only(work, broker, "k%d" % rep, count)
        pl = through_worker(work, broker, "p%d" % rep, count)
        side = proc_only(["mix"], [CORES], a.seconds,
                         n_recs)["mix/%d" % CORES]
        log("pipeline %.0f/s, Kafka only %.0f/s, processor %.0f/s "
            "(other load %.2f cores)" % (
                pl["arrival_rate"], ko["arrival_rate"],
                side["articles_per_s"], pl["load"]["other_cores"]))
        # latency at half the rate this repetition sustained
        half = pl["arrival_rate"] / 2
        la = latency(work, broker, "l%d" % rep, half, a.latency_seconds, 3)
        la["rate"] = half
        kl = kafka_latency(work, broker, "kl%d" % rep, half,
                           a.latency_seconds, 3)
        log("at %.0f/s: p50 %.1f ms, p99 %.1f ms (Kafka only p99 %.1f ms; "
            "other load %.2f cores)" % (
                half, la["latency_ms"]["p50"], la["latency_ms"]["p99"],
                kl["latency_ms"]["p99"], la["load"]["other_cores"]))
        res["kafka_only"].append(ko)
        res["pipeline"].append(pl)
        res["processor_side"].append(side)
        res["latency"].append(la)
        res["kafka_latency"].append(kl)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5,
                    help="duration of each processor-only run")
    ap.add_argument("--e2e-seconds", type=float, default=20,
                    help="target length of each end-to-end run")
    ap.add_argument("--latency-seconds", type=float, default=30)
    ap.add_argument("--long", action="store_true",
                    help="also push --long-count articles through one "
                    "worker and sample its RSS")
    ap.add_argument("--only-long", action="store_true",
                    help="only the long run; adds it to OUT/latest.json")
    ap.add_argument("--long-count", type=int, default=1000000)
    ap.add_argument("--no-kafka", action="store_true")
    ap.add_argument("--quick", action="store_true",
                    help="1 repetition, short runs (a smoke test)")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--render", metavar="JSON",
                    help="only rewrite the tables from a results file")
    ap.add_argument("--readme", action="store_true",
                    help="also put the table into README.md (between the "
                    "bench-results markers)")
    a = ap.parse_args()
    if a.render:
        with open(a.render) as f:
            res = json.load(f)
        md = write_results(res, os.path.dirname(os.path.abspath(a.render)))
        if a.readme:
            to_readme(md)
        return
    if a.quick:
        a.reps, a.seconds, a.e2e_seconds, a.latency_seconds = 1, 2, 5, 8

    build()
    meta = generate()
    if a.only_long:
        with open(os.path.join(a.out, "latest.json")) as f:
            res = json.load(f)
    else:
        res = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
               "machine": machine(), "reps": a.reps, "data": meta,
               "args": vars(a)}
        sets, n_recs = ["de", "en", "mix"], 3000
        threads = sorted({1, CORES})
        res["processor"], res["stages"] = [], []
        for rep in range(a.reps):
            log("processor only, repetition %d of %d" % (rep + 1, a.reps))
            res["processor"].append(proc_only(sets, threads, a.seconds,
                                              n_recs))
            res["stages"].append(stages(sets, a.seconds, n_recs))

    work = tempfile.mkdtemp(prefix="ne-bench-")
    broker = None
    try:
        if not a.no_kafka:
            broker = Broker(work)
            if not a.only_long:
                kafka_runs(a, res, work, broker, n_recs)
            if a.long or a.only_long:
                res["long"] = long_run(work, broker, a.long_count)
                res["long"]["date"] = datetime.datetime.now().isoformat(
                    timespec="seconds")
                res["long"]["load_avg"] = os.getloadavg()
    finally:
        if broker:
            broker.stop()
        shutil.rmtree(work, ignore_errors=True)

    if not a.only_long:
        res["load_after"] = os.getloadavg()
        prev = os.path.join(a.out, "latest.json")
        if "long" not in res and os.path.exists(prev):
            # the 1M-article run takes long: keep the last one, dated
            with open(prev) as f:
                old = json.load(f)
            if "long" in old:
                res["long"] = old["long"]
    md = write_results(res, a.out)
    if a.readme:
        to_readme(md)


def to_readme(md):
    path = os.path.join(ROOT, "README.md")
    with open(path) as f:
        text = f.read()
    begin, end = "<!-- bench-results:begin -->\n", "<!-- bench-results:end -->"
    i, j = text.index(begin) + len(begin), text.index(end)
    with open(path, "w") as f:
        f.write(text[:i] + md + text[j:])


def write_results(res, outdir):
    sm = summarise(res)
    tg = targets(sm)
    res["summary"], res["targets"] = sm, tg
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "latest.json"), "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    md = markdown(res, sm, tg)
    with open(os.path.join(outdir, "latest.md"), "w") as f:
        f.write(md)
    print(md)
    return md


if __name__ == "__main__":
    main()
