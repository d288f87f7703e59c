"""Scale-out with a joining and a killed worker, at-least-once."""
from itlib import run_test
from scaleout import scaleout

run_test(lambda cleanup: scaleout(cleanup, "at_least_once"))
