"""Issue 2: `newsenrich demo` starts the embedded broker, prints an enriched
record for the Kim article, and exits 0 on SIGINT."""
import json
import os
import select
import signal
import socket
import subprocess
import time

from itlib import NEWSENRICH, MULT, fail, log, run_test


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def main(cleanup):
    env = dict(os.environ, NEWSENRICH_HTTP_LISTEN="127.0.0.1:%d" % free_port())
    p = subprocess.Popen([NEWSENRICH, "demo"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    cleanup.append(lambda: p.poll() is None and p.kill())
    deadline = time.monotonic() + 90 * MULT
    buf, found = b"", None
    while found is None:
        left = deadline - time.monotonic()
        if left <= 0 or p.poll() is not None:
            fail("no Kim record from demo (exit %s): %s" % (p.poll(), p.stderr.read1(4000) if p.poll() is not None else ""))
        r, _, _ = select.select([p.stdout], [], [], min(left, 1.0))
        if not r:
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            rec = json.loads(line)
            if rec.get("id") == "de-2023-09-kim-russland":
                found = rec
    if found["schema"] != "newsenrich.article/1" or found["language"]["code"] != "de":
        fail("unexpected record %r" % {k: found[k] for k in ("schema", "language")})
    if not found["title"].startswith("Kim Jong Un"):
        fail("title not passed through: %r" % found["title"])
    log("demo printed the Kim record (%d entities, %d claims)"
        % (len(found["entities"]), len(found["claims"])))
    p.send_signal(signal.SIGINT)
    try:
        rc = p.wait(timeout=60 * MULT)
    except subprocess.TimeoutExpired:
        fail("demo did not exit within 60 s of SIGINT")
    if rc != 0:
        fail("demo exited %d after SIGINT" % rc)


run_test(main)
