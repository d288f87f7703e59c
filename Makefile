# newsenrich - the two entry points of the README, plus helpers.
#
#   make demo    install what building and running need, build, run the demo
#                on the embedded broker: a summary per sample article, then exit
#   make test    install the test tools too, build with ASan+UBSan, start a
#                real Kafka broker and run every test through ctest
#   make bench   build optimised, run the benchmarks (bench/run.sh; results in
#                bench/results/latest.md)
JOBS ?= $(shell nproc)
# The demo build leaves the tests out where their tools (cmocka) are not
# installed: a fresh machine gets only what building and running need.
DEMO_TESTING := $(shell pkg-config --exists cmocka 2>/dev/null && echo ON || echo OFF)

.PHONY: demo test bench deps deps-test build build-asan clean

deps:
	./deploy/install-deps.sh

deps-test:
	./deploy/install-deps.sh --test

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	      -DBUILD_TESTING=$(DEMO_TESTING)
	cmake --build build -j$(JOBS)

demo: build
	./build/newsenrich demo

build-asan: deps-test
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DNE_SANITIZE=ON \
	      -DNE_WERROR=ON -DNE_TEST_TIMEOUT_MULTIPLIER=3 -DBUILD_TESTING=ON
	cmake --build build-asan -j$(JOBS)

test: build-asan
	./deploy/kafka/kafka.sh fetch
	cd build-asan && ctest --output-on-failure -j2

bench: deps-test
	./deploy/kafka/kafka.sh fetch
	./bench/run.sh $(BENCH_ARGS)

clean:
	rm -rf build build-asan
