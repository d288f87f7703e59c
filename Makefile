# newsenrich - the two entry points of the README, plus helpers.
#
#   make demo    install dependencies, build, run the demo on the embedded broker
#   make test    install dependencies, build with ASan+UBSan, start a real Kafka
#                broker and run every test through ctest
#   make bench   build optimised, run the benchmarks (bench/run.sh; results in
#                bench/results/latest.md)
JOBS ?= $(shell nproc)

.PHONY: demo test bench deps build build-asan clean

deps:
	./deploy/install-deps.sh

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build -j$(JOBS)

demo: build
	./build/newsenrich demo

build-asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DNE_SANITIZE=ON \
	      -DNE_WERROR=ON -DNE_TEST_TIMEOUT_MULTIPLIER=3
	cmake --build build-asan -j$(JOBS)

test: build-asan
	./deploy/kafka/kafka.sh fetch
	cd build-asan && ctest --output-on-failure -j2

bench: deps
	./deploy/kafka/kafka.sh fetch
	./bench/run.sh $(BENCH_ARGS)

clean:
	rm -rf build build-asan
