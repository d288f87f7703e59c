"""The group coordinator moves between brokers twice mid-run: no loss, no
commit moving backwards, final commit at the log end. The input comes in
three parts, the second and third after a move, so that commits to the
new coordinator are made however fast the worker drains."""
from mockfaults import *

PART = 2000


def main(cleanup):
    s = Scenario(cleanup, brokers=3, n=PART)
    w = s.start()
    s.sample_commits()
    w.wait_event("partitions_assigned", 30)

    def committed():
        return sum(max(o["committed"], 0) for o in offsets(s.group, s.topic).values())

    def more(start):
        specs, good, _ = article_specs(PART, s.run, malformed_every=0, start=start)
        produce(s.topic, specs)
        s.good |= good
    wait_until(lambda: committed() > 0, 60, "first commit", 0.1)
    s.mc.cmd("coordinator group %s 2" % s.group)
    log("coordinator moved to broker 2 at %d committed" % committed())
    first = committed()
    more(PART)
    wait_until(lambda: committed() > first + 500, 120, "progress after the move", 0.1)
    s.mc.cmd("coordinator group %s 3" % s.group)
    log("coordinator moved to broker 3 at %d committed" % committed())
    more(2 * PART)
    s.wait_done()
    s.verify(w)


run_test(main)
