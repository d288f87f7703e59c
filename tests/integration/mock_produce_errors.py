"""Produce requests fail with a permanent error (INVALID_RECORD): the worker must not
count those outputs as delivered; it produces them again and loses none."""
from mockfaults import *


def main(cleanup):
    s = Scenario(cleanup)
    s.mc.cmd("errors %d 8 %d" % (PRODUCE, INVALID_RECORD))
    w = s.start()
    s.sample_commits()
    s.wait_done()
    retries = sum(e.get("records", 0) for e in w.events("delivery_retry"))
    log("records whose delivery failed and was retried: %d" % retries)
    if retries == 0:
        fail("injected produce errors caused no retry")
    s.verify(w)


run_test(main)
