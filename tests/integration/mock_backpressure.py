"""Backpressure: the producer is throttled (every produce request takes
250 ms) while the input runs far ahead. The worker must pause its
partitions instead of buffering (seen in /metrics), keep its memory
bounded, resume when the output drains, and lose nothing."""
from mockfaults import *


def main(cleanup):
    s = Scenario(cleanup, n=12000, extra={"processing": {"max_inflight": 1000,
                                                         "queue_messages": 200}})
    s.mc.cmd("rtt 1 %d 60 250" % PRODUCE)
    # Under AddressSanitizer freed memory sits in a 256 MB quarantine by
    # default, which would measure the sanitizer, not the worker.
    asan = os.environ.get("ASAN_OPTIONS", "")
    w = s.start(env={"ASAN_OPTIONS": (asan + ":" if asan else "") +
                     "quarantine_size_mb=8:thread_local_quarantine_size_kb=64"})
    port = w.wait_event("listening")[0]["port"]
    w.wait_event("partitions_assigned", 30)
    base = rss_mb(w.proc.pid)
    peak_rss, peak_inflight, paused_seen = base, 0, 0
    done = lambda: all_committed(s.group, s.topic)
    deadline = time.monotonic() + 300 * MULT
    while not done():
        if time.monotonic() > deadline:
            fail("not finished in time")
        m = metrics(port)
        paused_seen = max(paused_seen, m.get("newsenrich_paused_partitions", 0))
        peak_inflight = max(peak_inflight, m.get("newsenrich_inflight_messages", 0))
        peak_rss = max(peak_rss, rss_mb(w.proc.pid))
        time.sleep(0.1)
    m = metrics(port)
    log("paused partitions seen: %d; peak in-flight %d (bound 1000 + one poll batch); "
        "RSS %.0f MB at start, peak %.0f MB; paused at the end: %d"
        % (paused_seen, peak_inflight, base, peak_rss, m["newsenrich_paused_partitions"]))
    if paused_seen < 1:
        fail("the throttled output never paused the partitions")
    if m["newsenrich_paused_partitions"] != 0:
        fail("partitions still paused after the output drained")
    if peak_inflight > 1000 + 500:
        fail("in-flight messages exceeded the bound: %d" % peak_inflight)
    if peak_rss - base > 128:
        fail("RSS grew by %.0f MB under backpressure" % (peak_rss - base))
    s.verify(w)


run_test(main)
