"""Shared helpers for newsenrich's integration tests (Python stdlib only).

Every test gets unique topic and group names, waits on conditions with
deadlines scaled by NE_TIMEOUT_MULT (never bare sleeps as waits), and stops
every process it started, also when it fails.
"""
import base64
import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import zlib

BUILD = os.environ.get("NE_BUILD_DIR", os.path.join(os.path.dirname(__file__), "../../build"))
SOURCE = os.environ.get("NE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
KAFKA_DIR = os.environ.get("NE_KAFKA_DIR", "")
MULT = float(os.environ.get("NE_TIMEOUT_MULT", "1"))
NEWSENRICH = os.path.join(BUILD, "newsenrich")
TESTKIT = os.path.join(BUILD, "tests", "integration", "ne-testkit")


def log(*args):
    print("[%s]" % time.strftime("%H:%M:%S"), *args, flush=True)


def fail(msg):
    raise AssertionError(msg)


_bootstrap_override = None


def set_bootstrap(addr):
    """Point the helpers at another cluster (a mock cluster, a private broker)."""
    global _bootstrap_override
    _bootstrap_override = addr


def bootstrap():
    if _bootstrap_override:
        return _bootstrap_override
    with open(os.path.join(KAFKA_DIR, "bootstrap")) as f:
        return f.read().strip()


def free_port():
    """A loopback port nobody listens on right now (bound, then released)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def uid():
    return uuid.uuid4().hex[:10]


def wait_until(pred, timeout, what, interval=0.2):
    """Poll pred() until it is true or timeout*MULT seconds pass."""
    deadline = time.monotonic() + timeout * MULT
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            fail("timed out after %.0f s waiting for %s" % (timeout * MULT, what))
        time.sleep(interval)


def testkit(*args, input=None):
    r = subprocess.run([TESTKIT] + list(args), input=input, capture_output=True)
    if r.returncode != 0:
        fail("ne-testkit %s failed: %s" % (args[0], r.stderr.decode(errors="replace")))
    return r.stdout


def create_topic(topic, partitions):
    testkit("create-topic", bootstrap(), topic, str(partitions))


def produce(topic, specs):
    data = "".join(json.dumps(s) + "\n" for s in specs).encode()
    testkit("produce", bootstrap(), topic, input=data)


def consume(topic, isolation="read_uncommitted"):
    out = testkit("consume", bootstrap(), topic, isolation)
    # split("\n"), not splitlines(): values may hold U+2028, U+0085, ...
    return [json.loads(l) for l in out.decode().split("\n") if l]


def offsets(group, topic):
    return {int(k): v for k, v in json.loads(testkit("offsets", bootstrap(), group, topic)).items()}


def all_committed(group, topic):
    o = offsets(group, topic)
    return all(p["committed"] == p["end"] for p in o.values())


def raw_value(rec):
    """The bytes of a dumped record's value."""
    if "value_b64" in rec:
        return base64.b64decode(rec["value_b64"])
    return rec["value"].encode() if rec.get("value") is not None else b""


def decode_article(raw):
    """What the daemon would read: inflate gzip/zlib, parse JSON."""
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    elif raw[:1] == b"\x78" and len(raw) > 1 and raw[1] in (0x01, 0x5E, 0x9C, 0xDA):
        raw = zlib.decompress(raw)
    return json.loads(raw)


BODIES = [
    "Die Bundesregierung in Berlin hat am Mittwoch neue Hilfen beschlossen. "
    "Finanzminister Christian Lindner sagte, das Paket sei solide finanziert.",
    "The European Commission in Brussels proposed new rules on Tuesday. "
    "\"This is a first step,\" said commissioner Margrethe Vestager.",
    "Nach Angaben der Polizei in Hamburg wurden am Sonntag drei Menschen verletzt. "
    "Ein Sprecher erklärte, die Ermittlungen dauerten an.",
    "Apple reported higher revenue in California, according to a statement. "
    "Chief executive Tim Cook said demand in China remained strong.",
]


def good_article(i, run):
    body = BODIES[i % len(BODIES)] + " Meldung %d." % i
    return {"id": "a-%s-%d" % (run, i), "title": "Titel %d" % i, "body": body,
            "published_at": "2024-05-0%dT08:00:00Z" % (1 + i % 9), "source": "it"}


def article_specs(n, run, malformed_every=100, max_message_bytes=65536, start=0):
    """n input records (numbered from start); every `malformed_every`-th one
    is malformed in one of several ways. Returns (specs, good_ids, bad)
    where bad maps the exact payload bytes to the expected error class."""
    specs, good, bad = [], set(), {}
    kinds = ["invalid_json", "missing_body", "empty_body", "invalid_utf8",
             "bad_compression", "wrong_type", "too_large", "decompressed_too_large"]
    k = start // malformed_every if malformed_every else 0
    for i in range(start, start + n):
        if malformed_every and i % malformed_every == malformed_every - 1:
            kind = kinds[k % len(kinds)]
            k += 1
            tag = "%s-%d" % (run, i)
            if kind == "invalid_json":
                raw = ('{"id": "bad-%s", "body": "unterminated' % tag).encode()
            elif kind == "missing_body":
                raw = json.dumps({"id": "bad-" + tag, "title": "no body"}).encode()
            elif kind == "empty_body":
                raw = json.dumps({"id": "bad-" + tag, "body": " \n\t "}).encode()
            elif kind == "invalid_utf8":
                raw = b"Plain text " + tag.encode() + b" with a bad byte \xff\xfe here"
            elif kind == "bad_compression":
                raw = b"\x1f\x8b\x08\x00" + tag.encode() + b"garbage-not-deflate"
            elif kind == "wrong_type":
                raw = json.dumps({"id": "bad-" + tag, "body": 42}).encode()
            elif kind == "too_large":
                raw = json.dumps({"id": "bad-" + tag, "body": "x" * (max_message_bytes + 10)}).encode()
            else:  # inflates past max_decompressed_bytes (2x max_message_bytes in tests)
                raw = gzip.compress(json.dumps({"id": "bad-" + tag, "body": "y" * (4 * max_message_bytes)}).encode())
            bad[raw] = kind
            specs.append({"value_b64": base64.b64encode(raw).decode()})
            continue
        art = good_article(i, run)
        good.add(art["id"])
        raw = json.dumps(art, ensure_ascii=False).encode()
        if i % 7 == 3:
            raw = gzip.compress(raw)
        elif i % 7 == 5:
            raw = zlib.compress(raw)
        specs.append({"value_b64": base64.b64encode(raw).decode(), "key": art["id"]})
    return specs, good, bad


_temp_dirs = []


class Daemon:
    """A `newsenrich run` process with its own config file and log."""

    def __init__(self, name, config, env=None):
        self.name = name
        self.dir = tempfile.mkdtemp(prefix="ne-it-%s-" % name)
        _temp_dirs.append(self.dir)
        self.config_path = os.path.join(self.dir, "config.json")
        with open(self.config_path, "w") as f:
            json.dump(config, f)
        self.log_path = os.path.join(self.dir, "stderr.log")
        self.env = dict(os.environ)
        self.env.update(env or {})
        self.proc = None

    def start(self):
        self.logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen([NEWSENRICH, "run", "-c", self.config_path],
                                     stdout=subprocess.DEVNULL, stderr=self.logf,
                                     env=self.env)
        return self

    def lines(self):
        out = []
        with open(self.log_path, "rb") as f:
            for l in f:
                try:
                    out.append(json.loads(l))
                except ValueError:
                    out.append({"raw": l.decode(errors="replace")})
        return out

    def events(self, event):
        return [l for l in self.lines() if l.get("event") == event]

    def wait_event(self, event, timeout=60):
        def seen():
            if self.proc.poll() is not None and not self.events(event):
                fail("%s exited (%s) before logging %s:\n%s" %
                     (self.name, self.proc.returncode, event, self.tail()))
            return self.events(event)
        return wait_until(seen, timeout, "%s to log %s" % (self.name, event))

    def signal(self, sig):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait_exit(self, timeout=60):
        try:
            return self.proc.wait(timeout=timeout * MULT)
        except subprocess.TimeoutExpired:
            fail("%s did not exit within %.0f s:\n%s" % (self.name, timeout * MULT, self.tail()))

    def stop(self, timeout=60):
        """SIGTERM and wait; returns the exit code."""
        self.signal(signal.SIGTERM)
        return self.wait_exit(timeout)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def tail(self, n=40):
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-n:]).decode(errors="replace")
        except OSError:
            return ""


MOCKCLUSTER = os.path.join(BUILD, "tests", "integration", "ne-mockcluster")


class MockCluster:
    """librdkafka's mock cluster in a process of its own (ne-mockcluster),
    with fault injection commands."""

    def __init__(self, brokers=1):
        self.proc = subprocess.Popen([MOCKCLUSTER, str(brokers)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)
        self.bootstrap = json.loads(self.proc.stdout.readline())["bootstrap"]

    def cmd(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().strip()
        if reply != "ok" and not reply.startswith("ok "):
            fail("mock cluster: %r -> %r" % (line, reply))
        return reply[3:]

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()


def start_mock(cleanup, partitions, brokers=1):
    """A mock cluster as the broker of this test (stopped by cleanup), a
    fresh run id and the input topic "raw-<run>" with that many partitions.
    Returns (cluster, run, topic)."""
    mc = MockCluster(brokers)
    cleanup.append(mc.stop)
    set_bootstrap(mc.bootstrap)
    run = uid()
    topic = "raw-" + run
    mc.cmd("topic %s %d" % (topic, partitions))
    return mc, run, topic


def metrics(port):
    """Scrape /metrics into {name{labels}: value}."""
    import urllib.request
    out = {}
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5) as r:
        for line in r.read().decode().splitlines():
            if line and not line.startswith("#"):
                k, v = line.rsplit(" ", 1)
                out[k] = float(v)
    return out


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for l in f:
            if l.startswith("VmRSS:"):
                return int(l.split()[1]) / 1024.0
    return 0.0


def daemon_config(run, input_topic, extra=None, group=None):
    cfg = {
        "kafka": {"bootstrap.servers": bootstrap(), "group.id": group or "g-" + run,
                  "session.timeout.ms": "10000"},
        "topics": {"input": [input_topic], "enriched": "enr-" + run,
                   "entities": "ent-" + run, "claims": "clm-" + run, "dlq": "dlq-" + run},
        "processing": {"threads": 2, "max_message_bytes": 65536,
                       "max_decompressed_bytes": 131072, "shutdown_timeout_ms": 30000},
        "http": {"listen": "127.0.0.1:0"},
        "log": {"level": "info"},
    }
    for section, values in (extra or {}).items():
        cfg.setdefault(section, {}).update(values)
    return cfg


def drain_with_one_worker(cfg, topic, cleanup, timeout=300):
    """Run one worker with cfg until every offset of topic is committed,
    then stop it; fails when it exits with an error. Returns the worker
    (its log stays readable)."""
    d = Daemon("worker", cfg).start()
    cleanup.append(d.kill)
    d.wait_event("partitions_assigned")
    wait_until(lambda: all_committed(cfg["kafka"]["group.id"], topic), timeout,
               "all offsets committed", 1.0)
    rc = d.stop()
    if rc != 0:
        fail("worker exited %d:\n%s" % (rc, d.tail()))
    return d


def _remove_temp_dirs():
    import shutil
    for d in _temp_dirs:
        shutil.rmtree(d, ignore_errors=True)


def run_test(fn):
    """Run fn(cleanup) where cleanup is a list of callables run at the end."""
    cleanup = []
    code = 0
    try:
        fn(cleanup)
        log("PASS")
        if not os.environ.get("NE_KEEP_TEMP"):
            cleanup.insert(0, _remove_temp_dirs)  # runs last; kept after a failure
    except AssertionError as e:
        log("FAIL:", e)
        code = 1
    finally:
        for c in reversed(cleanup):
            try:
                c()
            except Exception as e:  # cleanup must not hide the result
                log("cleanup error:", e)
    sys.exit(code)
