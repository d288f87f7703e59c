"""Offset commits fail for a while (NOT_COORDINATOR): commits are retried
later, never skipped, never move backwards, and end at the log end."""
from mockfaults import *


def main(cleanup):
    s = Scenario(cleanup, n=4000)
    w = s.start()
    s.sample_commits()
    w.wait_event("partitions_assigned", 30)
    s.mc.cmd("errors %d 6 %d" % (OFFSET_COMMIT, NOT_COORDINATOR))
    s.wait_done()
    failed = len(w.events("commit_failed"))
    log("failed commits logged: %d" % failed)
    if failed == 0:
        fail("injected commit errors were not seen")
    s.verify(w)


run_test(main)
