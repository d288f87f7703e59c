"""Exactly-once: deliveries inside a transaction fail, so the transaction
must abort and the worker rewind and process those messages again. (The
mock shows aborted records to read_committed readers, so this checks no
loss and the abort-and-rewind path; exactly-once itself is tested on the
real broker.)"""
from mockfaults import *


def main(cleanup):
    s = Scenario(cleanup, guarantee="exactly_once", n=3000)
    s.mc.cmd("errors %d 3 %d" % (PRODUCE, INVALID_RECORD))
    w = s.start(env={"NEWSENRICH_PROCESSING_TRANSACTIONAL_ID": "tx-" + s.run})
    s.wait_done()
    aborted = len(w.events("transaction_aborted"))
    log("transactions aborted and rewound: %d" % aborted)
    if aborted == 0:
        fail("the failed deliveries did not abort a transaction")
    s.verify(w)


run_test(main)
