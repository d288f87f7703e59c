"""Offset commits fail for a while (NOT_COORDINATOR, REBALANCE_IN_PROGRESS,
a timeout): commits are retried later, never skipped, never move
backwards, and end at the log end. The injected responses must all have
been used up (the test checks the mock's stack), so the faults did happen;
librdkafka may absorb some of them with its own retries."""
from mockfaults import *


def main(cleanup):
    s = Scenario(cleanup, n=4000)
    w = s.start()
    s.sample_commits()
    w.wait_event("partitions_assigned", 30)
    for err in (NOT_COORDINATOR, REBALANCE_IN_PROGRESS, REQUEST_TIMED_OUT):
        s.mc.cmd("brokererrors 1 %d 3 %d" % (OFFSET_COMMIT, err))
    s.wait_done()
    left = int(s.mc.cmd("stack 1 %d" % OFFSET_COMMIT))
    failed = len(w.events("commit_failed"))
    log("injected commit errors left unused: %d; failed commits the worker saw: %d"
        % (left, failed))
    if left:
        fail("%d injected commit errors were never used" % left)
    s.verify(w)


run_test(main)
