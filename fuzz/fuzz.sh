#!/usr/bin/env bash
# Build and run newsenrich's libFuzzer targets (decode, config, text,
# processor) with ASan and UBSan.
#
#   fuzz.sh build DIR                  configure DIR with clang, NE_FUZZ=ON;
#                                      build every fuzz_<target>
#   fuzz.sh run TARGET SECONDS DIR     fuzz for SECONDS on a working copy of
#                                      fuzz/corpus/TARGET (new inputs go to
#                                      DIR/corpus/TARGET, crashes to
#                                      DIR/artifacts); prints libFuzzer's
#                                      final cov/ft and exec counts
#   fuzz.sh replay TARGET DIR FILES... run the target once on each file
#   fuzz.sh merge TARGET DIR           minimise DIR/corpus/TARGET into the
#                                      committed fuzz/corpus/TARGET
#
# Exits 77 (skipped) when clang or its libFuzzer runtime is missing
# (Debian: apt-get install clang libclang-rt-14-dev).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
jobs=${NE_FUZZ_JOBS:-2}

die() { echo "fuzz.sh: $*" >&2; exit 1; }

need_clang() {
    local cc=${NE_FUZZ_CC:-clang}
    command -v "$cc" >/dev/null || { echo "fuzz.sh: $cc not found; skipped" >&2; exit 77; }
    echo 'int LLVMFuzzerTestOneInput(const char *d, long n){(void)d;(void)n;return 0;}' |
        "$cc" -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null ||
        { echo "fuzz.sh: $cc has no libFuzzer runtime (libclang-rt-dev); skipped" >&2; exit 77; }
}

build() {
    local dir=$1 targets=()
    need_clang
    for t in decode config text processor; do targets+=(--target "fuzz_$t"); done
    CC=${NE_FUZZ_CC:-clang} cmake -S "$src" -B "$dir" -DNE_FUZZ=ON \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNE_WERROR=OFF \
        -DNE_FUZZ_TESTS=OFF -DNE_VALGRIND_TESTS=OFF >/dev/null
    nice cmake --build "$dir" -j"$jobs" "${targets[@]}"
}

run() {
    local t=$1 secs=$2 dir=$3 bin max_len log
    bin=$dir/fuzz/fuzz_$t
    [ -x "$bin" ] || { echo "fuzz.sh: $bin not built; skipped" >&2; exit 77; }
    mkdir -p "$dir/corpus/$t" "$dir/artifacts"
    case $t in
        text|processor) max_len=16384 ;;
        *) max_len=8192 ;;
    esac
    log=$dir/fuzz-$t.log
    # the first directory receives new inputs; the committed seeds are read
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
        nice "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$max_len" -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/$t-" \
        "$dir/corpus/$t" "$here/corpus/$t" >"$log" 2>&1 || {
            tail -60 "$log" >&2
            die "fuzz_$t failed; the input is in $dir/artifacts/"
        }
    # the last status line carries cov (edges) and ft (features)
    grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log"
}

replay() {
    local t=$1 dir=$2
    shift 2
    "$dir/fuzz/fuzz_$t" -runs=1 "$@"
}

merge() {
    local t=$1 dir=$2
    # inputs of up to 512 bytes keep the committed corpus small
    "$dir/fuzz/fuzz_$t" -merge=1 -max_len=512 "$here/corpus/$t" "$dir/corpus/$t"
}

case ${1:-} in
    build) [ $# -eq 2 ] || die "usage: fuzz.sh build DIR"; build "$2" ;;
    run) [ $# -eq 4 ] || die "usage: fuzz.sh run TARGET SECONDS DIR"; run "$2" "$3" "$4" ;;
    replay) [ $# -ge 4 ] || die "usage: fuzz.sh replay TARGET DIR FILES..."; shift; replay "$@" ;;
    merge) [ $# -eq 3 ] || die "usage: fuzz.sh merge TARGET DIR"; merge "$2" "$3" ;;
    *) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;/^set -e/d' >&2; exit 2 ;;
esac
