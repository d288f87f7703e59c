"""Shared helpers for the operations tests (Python stdlib only).

A test here starts what it needs itself: a real newsenrich worker on its
embedded broker (run --embedded), a Prometheus server, on free
loopback ports, in a temporary directory, and stops all of it when it ends,
also on failure. Waits poll a condition under a deadline scaled by
NE_TIMEOUT_MULT; nothing sleeps to wait.

Exit codes: 0 pass, 1 fail, 77 skip (a tool is missing; CTest reports it as
skipped).
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("NE_SOURCE_DIR", os.path.join(HERE, "..", ".."))
BUILD = os.environ.get("NE_BUILD_DIR", os.path.join(SOURCE, "build"))
MULT = float(os.environ.get("NE_TIMEOUT_MULT", "1"))
NEWSENRICH = os.path.join(BUILD, "newsenrich")
DASHBOARD = os.path.join(SOURCE, "deploy", "grafana", "newsenrich.json")
ALERTS = os.path.join(SOURCE, "deploy", "prometheus", "alerts.yml")
SKIP = 77


def log(*args):
    print("[%s]" % time.strftime("%H:%M:%S"), *args, flush=True)


class Failed(Exception):
    pass


def fail(msg):
    raise Failed(msg)


def tool(name):
    """Path of an installed tool; skips the test when it is missing."""
    path = shutil.which(name)
    if not path:
        log("SKIP: %s is not installed (deploy/install-deps.sh --test installs it)" % name)
        sys.exit(SKIP)
    return path


def main(fn):
    """Run fn() as the test: 0 on success, 1 with the reason on failure."""
    try:
        fn()
    except Failed as e:
        log("FAIL:", e)
        sys.exit(1)
    log("PASS")
    sys.exit(0)


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(pred, timeout, what, interval=0.1):
    """Poll pred() until it returns a true value or timeout*MULT s pass."""
    deadline = time.monotonic() + timeout * MULT
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            fail("timed out after %.0f s waiting for %s" % (timeout * MULT, what))
        time.sleep(interval)


def http_get(url, timeout=5):
    """(status, body text); status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
        return 0, ""


# ---- the exposition format ---------------------------------------------

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_metrics(text):
    """{'types': {family: type}, 'samples': [(name, {labels}, value)]}"""
    types, samples = {}, []
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, typ = line.split(" ", 3)
            types[name] = typ
        elif line and not line.startswith("#"):
            m = SAMPLE.match(line)
            if not m:
                fail("unparsable metrics line: %r" % line)
            labels = dict(LABEL.findall(m.group(3) or ""))
            samples.append((m.group(1), labels, float(m.group(4))))
    return {"types": types, "samples": samples}


def value(metrics, name, **labels):
    """Sum of the samples of name whose labels include labels."""
    return sum(v for n, l, v in metrics["samples"]
               if n == name and all(l.get(k) == w for k, w in labels.items()))


def series(metrics, name):
    return [(l, v) for n, l, v in metrics["samples"] if n == name]


# ---- a worker on its embedded broker ------------------------------------

class Worker:
    """build/newsenrich run --embedded with no bootstrap servers: it starts
    the embedded broker and logs its address. Use as a context manager."""

    def __init__(self, tmp, topic="news.raw", extra_env=None):
        self.tmp = tmp
        self.topic = topic
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.config = os.path.join(tmp, "worker.json")
        self.logpath = os.path.join(tmp, "worker.log")
        with open(self.config, "w") as f:
            json.dump({"topics": {"input": [topic]},
                       "processing": {"threads": 1},
                       "log": {"level": "info", "format": "json"}}, f)
        self.env = dict(os.environ)
        # the config file must not name a broker, nor the environment
        for k in list(self.env):
            if k.startswith("NEWSENRICH_"):
                del self.env[k]
        self.env["NEWSENRICH_HTTP_LISTEN"] = "127.0.0.1:%d" % self.port
        if "NEWSENRICH_MODELS_DIR" in os.environ:
            self.env["NEWSENRICH_MODELS_DIR"] = os.environ["NEWSENRICH_MODELS_DIR"]
        self.env.update(extra_env or {})
        self.proc = None
        self.bootstrap = None

    def __enter__(self):
        if not os.access(NEWSENRICH, os.X_OK):
            fail("%s is not built" % NEWSENRICH)
        self.logfile = open(self.logpath, "wb")
        self.proc = subprocess.Popen([NEWSENRICH, "run", "--embedded", "-c", self.config],
                                     env=self.env, stdout=self.logfile,
                                     stderr=subprocess.STDOUT)
        try:
            self.bootstrap = wait_until(self._bootstrap, 30,
                                        "the embedded_broker log line")
            wait_until(lambda: self._alive() and
                       http_get(self.base + "/healthz")[0] == 200,
                       30, "/healthz of the worker")
        except Failed:
            self.__exit__(None, None, None)
            raise
        log("worker pid %d http %s broker %s" % (self.proc.pid, self.base,
                                                 self.bootstrap))
        return self

    def _alive(self):
        if self.proc.poll() is not None:
            fail("the worker exited with %d:\n%s" % (self.proc.returncode,
                                                     self.log_text()))
        return True

    def _bootstrap(self):
        self._alive()
        for line in self.log_text().splitlines():
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            if ev.get("event") == "embedded_broker":
                return ev["bootstrap_servers"]
        return None

    def log_text(self):
        with open(self.logpath, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def metrics_text(self):
        self._alive()
        status, body = http_get(self.base + "/metrics")
        if status != 200:
            fail("/metrics answered %d" % status)
        return body

    def metrics(self):
        return parse_metrics(self.metrics_text())

    def produce(self, lines):
        """Produce one message per line with kcat."""
        kcat = tool("kcat")
        path = os.path.join(self.tmp, "produce.jsonl")
        with open(path, "w") as f:
            f.write("".join(l + "\n" for l in lines))
        r = subprocess.run([kcat, "-P", "-b", self.bootstrap, "-t", self.topic,
                            "-l", path], capture_output=True,
                           timeout=60 * MULT)
        if r.returncode != 0:
            fail("kcat -P failed: %s" % r.stderr.decode(errors="replace"))

    def wait_processed(self, consumed, timeout=60):
        """Until `consumed` messages are consumed and every partition's lag
        is 0 (their offsets committed); returns the metrics then."""
        def done():
            m = self.metrics()
            lag = series(m, "newsenrich_consumer_lag")
            if (value(m, "newsenrich_messages_consumed_total") == consumed
                    and value(m, "newsenrich_inflight_messages") == 0
                    and lag and all(v == 0 for _, v in lag)):
                return m
            return None
        return wait_until(done, timeout, "%d messages processed and lag 0"
                          % consumed, interval=0.25)

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=45 * MULT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and exc[0] is not None:
            log("worker log:\n" + self.log_text()[-4000:])
        self.logfile.close()
        return False


def articles(n):
    """n German articles with distinct ids, plus one without a body (which
    goes to the DLQ as missing_body)."""
    lines = [json.dumps({"id": "ops-%d" % i, "language": "de",
                         "title": "Meldung %d" % i,
                         "body": "Bundeskanzler Olaf Scholz sagte am Dienstag "
                                 "in Berlin, die Regierung werde %d neue "
                                 "Stellen schaffen." % (100 + i)},
                        ensure_ascii=False)
             for i in range(n)]
    lines.append(json.dumps({"id": "ops-no-body", "title": "nur Titel"}))
    return lines


# ---- names the dashboard and the rules query -----------------------------

NAME = re.compile(r'\b((?:newsenrich|process)_[a-zA-Z0-9_]+)')


def dashboard_exprs():
    """(where, expr) for every query of the Grafana dashboard."""
    with open(DASHBOARD) as f:
        dash = json.load(f)
    out = []

    def walk(panels):
        for p in panels:
            for t in p.get("targets", []):
                if t.get("expr"):
                    out.append(("panel %r" % p.get("title"), t["expr"]))
            walk(p.get("panels", []))
    walk(dash.get("panels", []))
    for v in dash.get("templating", {}).get("list", []):
        q = v.get("query")
        q = q.get("query") if isinstance(q, dict) else q
        if v.get("type") == "query" and q:
            out.append(("variable %r" % v["name"], q))
    for a in dash.get("annotations", {}).get("list", []):
        if a.get("expr"):
            out.append(("annotation %r" % a["name"], a["expr"]))
    return out


def rule_exprs():
    """(where, expr) for every rule of alerts.yml. The file is YAML, but
    each expr is a `expr:` scalar, plain or folded (>), which this reads
    without a YAML library."""
    out = []
    with open(ALERTS) as f:
        lines = f.read().splitlines()
    i = 0
    name = None
    while i < len(lines):
        m = re.match(r'^\s*-?\s*(alert|record):\s*(\S+)', lines[i])
        if m:
            name = m.group(2)
        m = re.match(r'^(\s*)expr:\s*(.*)$', lines[i])
        if m:
            indent, rest = len(m.group(1)), m.group(2)
            body = [] if rest in (">", "|", ">-", "|-") else [rest]
            i += 1
            while i < len(lines) and (not lines[i].strip() or
                                      len(lines[i]) - len(lines[i].lstrip()) > indent):
                body.append(lines[i].strip())
                i += 1
            out.append(("rule %s" % name, " ".join(b for b in body if b)))
            continue
        i += 1
    return out


def metric_names(exprs):
    """{metric family name: [where it is used]}: histogram series names
    (_bucket, _sum, _count) are mapped to their family by the caller."""
    names = {}
    for where, e in exprs:
        for n in NAME.findall(e):
            names.setdefault(n, []).append(where)
    return names


def family_of(name, types):
    """The family a series name belongs to (histogram suffixes)."""
    if name in types:
        return name
    for suffix in ("_bucket", "_sum", "_count"):
        base = name[:-len(suffix)]
        if name.endswith(suffix) and types.get(base) == "histogram":
            return base
    return None


def tempdir(prefix):
    return tempfile.TemporaryDirectory(prefix=prefix)
