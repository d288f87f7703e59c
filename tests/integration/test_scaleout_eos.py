"""Scale-out with a joining and a killed worker, exactly-once."""
from itlib import run_test
from scaleout import scaleout

run_test(lambda cleanup: scaleout(cleanup, "exactly_once"))
