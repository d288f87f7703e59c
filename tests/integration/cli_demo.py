"""Issues 2 and 14: `newsenrich demo` starts the embedded broker, prints a
readable summary per sample article (language, people, organisations and
places with kb ids, claims as speaker: "message") and a line of totals, and
exits 0 by itself. --json prints the enriched records; --follow keeps
running for more input until SIGINT, with text logs on a terminal."""
import json
import os
import pty
import re
import select
import signal
import subprocess
import time

from itlib import MULT, NEWSENRICH, SOURCE, fail, free_port, log, run_test, testkit

KIM = "de-2023-09-kim-russland"


def demo_env():
    return dict(os.environ, NEWSENRICH_HTTP_LISTEN="127.0.0.1:%d" % free_port())


def sample_count():
    with open(os.path.join(SOURCE, "examples", "articles.jsonl")) as f:
        return sum(1 for line in f if line.strip())


def check_summary():
    try:
        r = subprocess.run([NEWSENRICH, "demo"], capture_output=True, text=True,
                           env=demo_env(), timeout=180 * MULT)
    except subprocess.TimeoutExpired:
        fail("demo did not end by itself within %d s" % (180 * MULT))
    if r.returncode != 0:
        fail("demo exited %d: %s" % (r.returncode, r.stderr[-2000:]))
    out = r.stdout
    blocks = {}
    for block in out.strip().split("\n\n"):
        m = re.search(r"^  id (\S+), language (\w+)$", block, re.M)
        if m:
            blocks[m.group(1)] = (m.group(2), block)
    n = sample_count()
    if len(blocks) != n:
        fail("expected %d article summaries, got %d:\n%s" % (n, len(blocks), out))
    lang, kim = blocks[KIM]
    if lang != "de" or not kim.startswith("Kim Jong Un vor seiner Abreise in Pjöngjang\n"):
        fail("Kim summary: wrong language or title:\n%s" % kim)
    people = re.search(r"^  people: +(.*)$", kim, re.M)
    if not people or not all(p in people.group(1) for p in
                             ("Kim Jong Un", "Dmitri Peskow", "Wladimir Putin")):
        fail("Kim summary lacks its people:\n%s" % kim)
    orgs = re.search(r"^  organisations: +(.*)$", kim, re.M)
    if not orgs or "Ria Nowosti (" not in orgs.group(1):
        fail("Kim summary lacks Ria Nowosti with its kb id:\n%s" % kim)
    places = re.search(r"^  places: +(.*)$", kim, re.M)
    if not places or not re.search(r"Russland \([a-z0-9]+:[^)]+\)", places.group(1)):
        fail("Kim summary lacks Russland with its kb id:\n%s" % kim)
    if 'Dmitri Peskow: "sind Gespräche zwischen Kim und dem russischen ' \
            'Präsidenten Wladimir Putin' not in kim:
        fail("Kim summary lacks Peskow's claim:\n%s" % kim)
    last = out.strip().splitlines()[-1]
    m = re.match(r"^(\d+) articles: (\d+) enriched, (\d+) rejected; (\d+) people, "
                 r"(\d+) organisations, (\d+) places, (\d+) claims$", last)
    if not m or int(m.group(1)) != n or int(m.group(2)) + int(m.group(3)) != n:
        fail("no total line at the end: %r" % last)
    claims = sum(b.count('\n  claims:') + b.count('\n                 ')
                 for _, b in blocks.values())
    if int(m.group(7)) != claims:
        fail("total says %s claims, the summaries show %d" % (m.group(7), claims))
    log("demo summary ok: %s" % last)


def check_json():
    r = subprocess.run([NEWSENRICH, "demo", "--json"], capture_output=True, text=True,
                       env=demo_env(), timeout=180 * MULT)
    if r.returncode != 0:
        fail("demo --json exited %d: %s" % (r.returncode, r.stderr[-2000:]))
    recs = [json.loads(l) for l in r.stdout.splitlines()]
    if len(recs) != sample_count():
        fail("demo --json printed %d records" % len(recs))
    kim = [x for x in recs if x["id"] == KIM]
    if not kim or kim[0]["schema"] != "newsenrich.article/1" or \
            kim[0]["language"]["code"] != "de" or not kim[0]["claims"]:
        fail("demo --json: no proper Kim record")
    log("demo --json ok: %d records" % len(recs))


def read_until(p, fd, pattern, timeout, buf):
    """Read fd into buf[0] until pattern matches; returns the match."""
    deadline = time.monotonic() + timeout * MULT
    while True:
        m = re.search(pattern, buf[0])
        if m:
            return m
        left = deadline - time.monotonic()
        if left <= 0 or p.poll() is not None:
            fail("no %r from demo --follow (exit %s): %s" % (pattern, p.poll(), buf[0][-2000:]))
        r, _, _ = select.select([fd], [], [], min(left, 1.0))
        if r:
            buf[0] += os.read(fd, 65536).decode(errors="replace")


def check_follow(cleanup):
    # stderr on a terminal: the logs are text lines, not JSON
    master, slave = pty.openpty()
    cleanup.append(lambda: os.close(master))
    p = subprocess.Popen([NEWSENRICH, "demo", "--follow"], stdout=subprocess.PIPE,
                         stderr=slave, env=demo_env())
    os.close(slave)
    cleanup.append(lambda: p.poll() is None and p.kill())
    err, out = [""], [""]
    m = read_until(p, master, r"kcat -P -b (\S+) -t (\S+)", 60, err)
    read_until(p, p.stdout.fileno(), r"id %s, language de" % KIM, 120, out)
    read_until(p, master, r"\n\S+Z INFO +consumer partitions_assigned", 60, err)
    if re.search(r'^\{"time"', err[0], re.M):
        fail("JSON logs on a terminal: %s" % err[0][-1000:])
    # more input after the samples: it keeps running and summarises it
    article = {"id": "follow-1", "language": "en", "title": "A follow-up",
               "body": "Angela Merkel said in Berlin that the talks would continue."}
    testkit("produce", m.group(1), m.group(2), input=(json.dumps(
        {"value": json.dumps(article)}) + "\n").encode())
    read_until(p, p.stdout.fileno(), r"id follow-1, language en", 120, out)
    p.send_signal(signal.SIGINT)
    try:
        rc = p.wait(timeout=60 * MULT)
    except subprocess.TimeoutExpired:
        fail("demo --follow did not exit within 60 s of SIGINT")
    if rc != 0:
        fail("demo --follow exited %d after SIGINT" % rc)
    log("demo --follow ok: summarised an article produced after the samples")


def main(cleanup):
    check_summary()
    check_json()
    check_follow(cleanup)


run_test(main)
