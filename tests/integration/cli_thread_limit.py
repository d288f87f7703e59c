"""Issue 16: a host that cannot start the processor threads (a pids limit,
or no room for a thread's stack) makes `run` exit 1 with the reason, not
abort(). The stack limit is raised to 64 GiB for the worker, so glibc
cannot map a single thread stack (larger than the machine's memory) and
pthread_create fails with EAGAIN, as it does under a pids limit."""
import json
import os
import resource
import subprocess
import tempfile

from itlib import MULT, NEWSENRICH, fail, log, run_test

HUGE_STACK = 64 << 30


def huge_stack():
    resource.setrlimit(resource.RLIMIT_STACK, (HUGE_STACK, HUGE_STACK))


def main(cleanup):
    cfg = {"kafka": {"bootstrap.servers": "127.0.0.1:1"},
           "processing": {"threads": 3}, "http": {"listen": ""}}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(cfg, f)
    cleanup.append(lambda: os.unlink(f.name))
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    if hard != resource.RLIM_INFINITY and hard < HUGE_STACK:
        log("skip: the stack hard limit cannot be raised here")
        raise SystemExit(77)
    r = subprocess.run([NEWSENRICH, "run", "-c", f.name], capture_output=True,
                       text=True, preexec_fn=huge_stack, timeout=60 * MULT)
    if r.returncode != 1:
        fail("expected exit 1, got %d: %s" % (r.returncode, r.stderr))
    start = [json.loads(l) for l in r.stderr.splitlines()
             if l.startswith("{") and '"start_failed"' in l]
    if not start or "cannot start processor thread 1 of 3" not in start[0]["msg"]:
        fail("no start_failed line naming the thread: %s" % r.stderr)
    if "Resource temporarily unavailable" not in start[0]["msg"]:
        fail("the reason (EAGAIN) is missing: %s" % start[0]["msg"])
    log("ok: exit 1, %s" % start[0]["msg"])


if __name__ == "__main__":
    run_test(main)
