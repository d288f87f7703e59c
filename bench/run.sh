#!/bin/sh
# The benchmark: build optimised, generate the article streams, measure
# processor, end to end through Kafka, latency and memory; writes
# bench/results/latest.{json,md}. Options: see bench/bench.py --help.
exec python3 "$(dirname "$0")/bench.py" "$@"
