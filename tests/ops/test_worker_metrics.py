"""A real worker's /metrics after real traffic.

Starts `newsenrich run` on its embedded broker, produces articles with kcat
(one without a body, for the DLQ), waits until all are processed and
committed, then checks:
  - the counters, gauges and histograms have the expected values;
  - `promtool check metrics` accepts the page (format and naming lint);
  - every metric the Grafana dashboard and the alert rules query exists
    on the page, so neither can drift from the code unnoticed;
  - the Docker image's HEALTHCHECK command passes against the worker.
"""
import json
import os
import re
import subprocess
import time

import opslib
from opslib import fail, log, series, value

ARTICLES = 20


def check_values(m):
    def expect(name, want, **labels):
        got = value(m, name, **labels)
        if got != want:
            fail("%s%s = %g, expected %g" % (name, labels or "", got, want))

    total = ARTICLES + 1
    expect("newsenrich_messages_consumed_total", total, topic="news.raw")
    expect("newsenrich_messages_failed_total", 1, reason="missing_body")
    expect("newsenrich_messages_failed_total", 1)
    expect("newsenrich_messages_produced_total", ARTICLES, topic="news.enriched")
    expect("newsenrich_messages_produced_total", 1, topic="news.dlq")
    expect("newsenrich_processing_seconds_count", total)
    expect("newsenrich_processing_seconds_bucket", total, le="+Inf")
    expect("newsenrich_end_to_end_latency_seconds_count", ARTICLES)
    expect("newsenrich_inflight_messages", 0)
    expect("newsenrich_assigned_partitions", 4)
    expect("newsenrich_paused_partitions", 0)
    expect("newsenrich_ready", 1)
    expect("newsenrich_kafka_connected", 1)
    expect("newsenrich_stalled", 0)
    if value(m, "newsenrich_rebalances_total", type="assign") < 1:
        fail("no assignment counted in newsenrich_rebalances_total")
    if value(m, "newsenrich_commits_total", result="ok") < 1:
        fail("no successful commit counted in newsenrich_commits_total")
    if value(m, "newsenrich_commits_total", result="error") != 0:
        fail("commit errors counted")
    # lag: one series per assigned partition that has a committed offset,
    # all 0 now; partitions are labelled by number
    lag = series(m, "newsenrich_consumer_lag")
    if not lag or any(l["topic"] != "news.raw" or not l["partition"].isdigit()
                      for l, _ in lag):
        fail("unexpected lag series: %r" % lag)
    info = series(m, "newsenrich_build_info")
    if len(info) != 1 or not info[0][0].get("version") or info[0][1] != 1:
        fail("bad newsenrich_build_info: %r" % info)
    # processing time: the histogram's buckets are cumulative
    buckets = [(float(l["le"]), v) for l, v in
               series(m, "newsenrich_processing_seconds_bucket")]
    if [v for _, v in sorted(buckets)] != sorted(v for _, v in buckets):
        fail("processing_seconds buckets are not cumulative: %r" % buckets)
    now = time.time()
    start = value(m, "process_start_time_seconds")
    if not now - 600 < start <= now + 1:
        fail("process_start_time_seconds %f is not recent (now %f)" % (start, now))
    if value(m, "process_resident_memory_bytes") <= 0:
        fail("process_resident_memory_bytes is 0")
    if value(m, "process_open_fds") < 3:
        fail("process_open_fds < 3")
    last = value(m, "newsenrich_last_progress_timestamp_seconds")
    if not now - 600 < last <= now + 1:
        fail("newsenrich_last_progress_timestamp_seconds %f is not recent" % last)


def check_promtool(text, tmp):
    promtool = opslib.tool("promtool")
    r = subprocess.run([promtool, "check", "metrics"], input=text.encode(),
                       capture_output=True, timeout=60)
    out = (r.stdout + r.stderr).decode(errors="replace").strip()
    if r.returncode != 0 or out:
        fail("promtool check metrics (exit %d):\n%s" % (r.returncode, out))
    log("promtool check metrics: clean (%d lines)" % len(text.splitlines()))


def check_queried_names(m):
    types = m["types"]
    exprs = opslib.dashboard_exprs()
    rules = opslib.rule_exprs()
    if len(exprs) < 30 or len(rules) < 15:
        fail("found only %d dashboard and %d rule expressions" %
             (len(exprs), len(rules)))
    names = opslib.metric_names(exprs + rules)
    missing = {n: w for n, w in names.items() if not opslib.family_of(n, types)}
    if missing:
        fail("queried but not exported by the worker:\n" +
             "\n".join("  %s (%s)" % (n, ", ".join(sorted(set(w))))
                       for n, w in sorted(missing.items())))
    log("all %d metric names of %d dashboard and %d rule queries exist"
        % (len(names), len(exprs), len(rules)))


def healthcheck_command():
    """The shell command of the Dockerfile's HEALTHCHECK (exec form)."""
    path = os.path.join(opslib.SOURCE, "deploy", "docker", "Dockerfile")
    text = open(path).read()
    m = re.search(r'^HEALTHCHECK [^\n]*(?:\\\n[^\n]*)*?\bCMD (\[[^\n]*\])$', text, re.M)
    if not m:
        fail("no HEALTHCHECK ... CMD [...] in %s" % path)
    argv = json.loads(m.group(1))
    if argv[:2] != ["bash", "-c"]:
        fail("unexpected HEALTHCHECK command %r" % argv)
    return argv


def run_healthcheck(argv, listen):
    env = dict(os.environ, NEWSENRICH_HTTP_LISTEN=listen)
    return subprocess.run(argv, env=env, capture_output=True,
                          timeout=30).returncode


def test():
    opslib.tool("kcat")
    with opslib.tempdir("ne-ops-metrics-") as tmp:
        with opslib.Worker(tmp) as w:
            w.produce(opslib.articles(ARTICLES))
            m = w.wait_processed(ARTICLES + 1)
            check_values(m)
            log("values as expected")
            check_promtool(w.metrics_text(), tmp)
            check_queried_names(m)
            argv = healthcheck_command()
            listen = "127.0.0.1:%d" % w.port
            if run_healthcheck(argv, listen) != 0:
                fail("the Dockerfile HEALTHCHECK fails against a live worker")
        if run_healthcheck(argv, listen) == 0:
            fail("the Dockerfile HEALTHCHECK passes with the worker stopped")
        log("Dockerfile HEALTHCHECK: passes live, fails stopped")


if __name__ == "__main__":
    opslib.main(test)
