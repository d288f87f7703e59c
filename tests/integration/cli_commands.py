"""Issue 14: the command line. Every command answers --help (exit 0); an
unknown option exits 2 with the usage; `run` without a broker address and
without --embedded exits 2 naming the key, the variable and --embedded;
`run --embedded` starts on the embedded broker; a missing KB file stops
`run` with exit 2; `process --threads N` keeps the input order and ends with
a summary on stderr."""
import json
import os
import pty
import re
import signal
import subprocess
import tempfile

from itlib import MULT, NEWSENRICH, SOURCE, fail, free_port, log, run_test, wait_until

COMMANDS = ["run", "process", "check-config", "demo", "version", "config-reference"]


def nenv(**extra):
    """The environment without any NEWSENRICH_* setting of the caller."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("NEWSENRICH_")}
    e.update(extra)
    return e


def run(args, **kw):
    kw.setdefault("env", nenv())
    return subprocess.run([NEWSENRICH] + args, capture_output=True, text=True,
                          timeout=120 * MULT, **kw)


def check_help():
    r = run(["--help"])
    if r.returncode != 0 or not all(c in r.stdout for c in COMMANDS):
        fail("newsenrich --help: %d %s" % (r.returncode, r.stdout))
    for c in COMMANDS:
        for flag in ("--help", "-h"):
            r = run([c, flag])
            if r.returncode != 0 or not r.stdout.startswith("usage: newsenrich %s" % c):
                fail("%s %s: exit %d, %r" % (c, flag, r.returncode, r.stdout[:200]))
        r = run([c, "--no-such-option"])
        if r.returncode != 2 or '"--no-such-option"' not in r.stderr or \
                "usage: newsenrich %s" % c not in r.stderr:
            fail("%s --no-such-option: exit %d, %r" % (c, r.returncode, r.stderr))
    for args, needle in ((["run", "extra"], '"extra"'), (["run", "-c"], "needs a value"),
                         (["check-config"], "-c FILE is required"),
                         (["process", "--threads", "0"], "--threads"),
                         (["nosuchcommand"], '"nosuchcommand"')):
        r = run(args)
        if r.returncode != 2 or needle not in r.stderr:
            fail("%s: exit %d, %r" % (args, r.returncode, r.stderr))
    log("--help for every command, usage errors exit 2")


def check_version():
    with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
        want = re.search(r"project\(newsenrich VERSION (\S+)", f.read()).group(1)
    r = run(["version"])
    if r.returncode != 0 or not r.stdout.startswith("newsenrich %s " % want):
        fail("version does not come from project(VERSION %s): %r" % (want, r.stdout))
    log("version %s" % want)


def check_run_needs_broker(tmp):
    cfg = os.path.join(tmp, "nobroker.json")
    with open(cfg, "w") as f:
        json.dump({"http": {"listen": ""}}, f)
    r = run(["run", "-c", cfg])
    for n in ("kafka.bootstrap.servers", "NEWSENRICH_KAFKA_BOOTSTRAP_SERVERS", "--embedded"):
        if r.returncode != 2 or n not in r.stderr:
            fail("run without a broker: exit %d, %r lacks %s" % (r.returncode, r.stderr, n))
    # an empty variable is no broker either
    r = run(["run", "-c", cfg], env=nenv(NEWSENRICH_KAFKA_BOOTSTRAP_SERVERS=""))
    if r.returncode != 2:
        fail("run with an empty NEWSENRICH_KAFKA_BOOTSTRAP_SERVERS: exit %d" % r.returncode)
    log("run without a broker exits 2: %s" % r.stderr.strip())

    # a KB file that does not exist: exit 2 (not 1), with its name
    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        json.dump({"kafka": {"bootstrap.servers": "127.0.0.1:1"},
                   "models": {"kb_files": [os.path.join(tmp, "no-such-kb.tsv")]}}, f)
    r = run(["run", "-c", bad])
    if r.returncode != 2 or "no-such-kb.tsv" not in r.stderr:
        fail("run with a missing KB file: exit %d %r" % (r.returncode, r.stderr))
    log("run with a missing KB file exits 2")


def check_run_embedded(tmp, cleanup):
    cfg = os.path.join(tmp, "embedded.json")
    with open(cfg, "w") as f:
        json.dump({"processing": {"threads": 1},
                   "http": {"listen": "127.0.0.1:%d" % free_port()}}, f)
    logpath = os.path.join(tmp, "embedded.log")
    with open(logpath, "wb") as lf:
        p = subprocess.Popen([NEWSENRICH, "run", "--embedded", "-c", cfg], env=nenv(),
                             stdout=lf, stderr=subprocess.STDOUT)
    cleanup.append(lambda: p.poll() is None and p.kill())

    def events():
        with open(logpath) as f:
            return [json.loads(l) for l in f if l.startswith("{")]

    ev = wait_until(lambda: [e for e in events() if e.get("event") == "embedded_broker"],
                    30, "the embedded_broker log line")[0]
    if not ev.get("bootstrap_servers"):
        fail("embedded_broker without its address: %r" % ev)
    wait_until(lambda: any(e.get("event") == "partitions_assigned" for e in events()),
               60, "partitions assigned on the embedded broker")
    p.send_signal(signal.SIGTERM)
    if p.wait(timeout=60 * MULT) != 0:
        fail("run --embedded exited %d after SIGTERM" % p.returncode)
    log("run --embedded: broker %s, exit 0 on SIGTERM" % ev["bootstrap_servers"])


def check_process_threads(tmp):
    src = os.path.join(SOURCE, "examples", "articles.jsonl")
    with open(src, "rb") as f:
        samples = [l for l in f.read().splitlines() if l.strip()]
    lines = []
    for i in range(40):
        for s in samples:
            a = json.loads(s) if s.startswith(b"{") else {"body": s.decode()}
            a["id"] = "t-%d-%d" % (i, len(lines))
            lines.append(json.dumps(a))
        lines.append('{"body": ""}')          # rejected: empty_body
        lines.append('{"body": 3}')           # rejected: wrong_type
    data = ("\n".join(lines) + "\n").encode()
    outs = {}
    for t in ("1", "3"):
        r = subprocess.run([NEWSENRICH, "process", "--threads", t], input=data,
                           capture_output=True, env=nenv(), timeout=300 * MULT)
        if r.returncode != 0:
            fail("process --threads %s: exit %d %s" % (t, r.returncode, r.stderr))
        recs = [json.loads(l) for l in r.stdout.splitlines()]
        if len(recs) != len(lines):
            fail("process --threads %s: %d lines for %d" % (t, len(recs), len(lines)))
        for i, (rec, line) in enumerate(zip(recs, lines)):
            want = json.loads(line).get("id")
            if want and rec.get("id") != want:
                fail("--threads %s: line %d is %r, want %r" % (t, i + 1, rec.get("id"), want))
            if not want and rec.get("line") != i + 1:
                fail("--threads %s: error line %d says %r" % (t, i + 1, rec.get("line")))
            rec.get("processor", {}).pop("micros", None)
        outs[t] = recs
        err = r.stderr.decode()
        m = re.search(r"newsenrich process: (\d+) articles, (\d+) enriched, (\d+) rejected "
                      r"\(([^)]*)\); [\d.]+ MB in [\d.]+ s, [\d.]+ MB/s on (\d+) threads?", err)
        if not m:
            fail("no closing summary on stderr: %r" % err)
        if (int(m.group(1)), int(m.group(3)), m.group(5)) != (len(lines), 80, t):
            fail("summary counts wrong: %r" % m.group(0))
        classes = dict(x.split() for x in m.group(4).split(", "))
        if classes != {"empty_body": "40", "wrong_type": "40"}:
            fail("rejected by class wrong: %r" % classes)
    if outs["1"] != outs["3"]:
        fail("--threads 3 output differs from --threads 1")
    log("process --threads 3: %d lines in input order, same records as 1 thread" % len(lines))

    # stderr on a terminal: a progress line, redrawn with \r, ends on the totals
    master, slave = pty.openpty()
    try:
        r = subprocess.run([NEWSENRICH, "process", "--threads", "2"], input=data,
                           stdout=subprocess.DEVNULL, stderr=slave, env=nenv(),
                           timeout=300 * MULT)
        os.close(slave)
        slave = None
        tty = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            tty += chunk
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    if r.returncode != 0 or b"\r%d articles, 80 rejected, " % len(lines) not in tty:
        fail("no progress line on a terminal: %r" % tty[-500:])
    log("progress line on a terminal")


def main(cleanup):
    tmp = tempfile.mkdtemp(prefix="ne-cli-commands-")
    cleanup.append(lambda: subprocess.run(["rm", "-rf", tmp]))
    check_help()
    check_version()
    check_run_needs_broker(tmp)
    check_run_embedded(tmp, cleanup)
    check_process_threads(tmp)


run_test(main)
