#!/usr/bin/env bash
# The unit tests and the corpus driver under valgrind (memcheck), from a
# build without sanitizers (valgrind and ASan do not mix).
#
#   valgrind.sh build DIR SRC     configure DIR (gcc, no sanitizers), build
#                                 the unit tests and ne-corpus
#   valgrind.sh unit DIR          every tests/test_* of DIR under memcheck
#   valgrind.sh corpus DIR SRC    ne-corpus on the committed hostile corpus
#                                 and the sample articles under memcheck
#
# A run fails on any invalid access, use of uninitialised memory, or a
# definite or indirect leak. Exits 77 (skipped) without valgrind.
set -euo pipefail

die() { echo "valgrind.sh: $*" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind not installed; skipped" >&2; exit 77; }

vg() {
    local log=$1
    shift
    valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
        --track-fds=no --num-callers=30 --log-file="$log" "$@"
}

summary() {
    # "ERROR SUMMARY: 0 errors" and the leak lines of one log
    grep -hE "ERROR SUMMARY|definitely lost|indirectly lost" "$1" | sed 's/^==[0-9]*== *//' | tr '\n' ' '
    echo
}

build() {
    local dir=$1 src=$2 targets=()
    cmake -S "$src" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNE_SANITIZE=OFF \
        -DNE_WERROR=ON -DNE_FUZZ_TESTS=OFF -DNE_VALGRIND_TESTS=OFF >/dev/null
    for f in "$src"/tests/unit/test_*.c; do
        targets+=(--target "$(basename "$f" .c)")
    done
    nice cmake --build "$dir" -j"${NE_VALGRIND_JOBS:-2}" "${targets[@]}" --target ne-corpus
}

unit() {
    local dir=$1 rc=0 t name
    mkdir -p "$dir/valgrind"
    for t in "$dir"/tests/test_*; do
        [ -x "$t" ] || continue
        name=$(basename "$t")
        if vg "$dir/valgrind/$name.log" "$t" >"$dir/valgrind/$name.out" 2>&1; then
            printf '%-16s ok   %s\n' "$name" "$(summary "$dir/valgrind/$name.log")"
        else
            printf '%-16s FAIL %s\n' "$name" "$(summary "$dir/valgrind/$name.log")"
            tail -40 "$dir/valgrind/$name.out" >&2
            grep -A30 -E "Invalid|uninitialised|definitely lost in|indirectly lost in" \
                "$dir/valgrind/$name.log" | head -80 >&2 || true
            rc=1
        fi
    done
    return $rc
}

corpus() {
    local dir=$1 src=$2 tmp log
    mkdir -p "$dir/valgrind"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' RETURN
    # one file per sample article, next to the hostile cases
    awk -v d="$tmp" 'NF { f = sprintf("%s/example%d", d, ++n); printf "%s", $0 > f; close(f) }' \
        "$src/examples/articles.jsonl"
    log=$dir/valgrind/ne-corpus.log
    if vg "$log" "$dir/tests/corpus/ne-corpus" --topic news.raw \
        "$src"/tests/corpus/cases/* "$tmp"/example* "$src/examples/kim-russland.json" \
        >"$dir/valgrind/ne-corpus.out"; then
        printf '%-16s ok   %s\n' ne-corpus "$(summary "$log")"
    else
        grep -A30 -E "Invalid|uninitialised|definitely lost in|indirectly lost in" "$log" | head -80 >&2 || true
        die "ne-corpus under valgrind failed (log: $log)"
    fi
}

case ${1:-} in
    build) [ $# -eq 3 ] || die "usage: valgrind.sh build DIR SRC"; build "$2" "$3" ;;
    unit) [ $# -eq 2 ] || die "usage: valgrind.sh unit DIR"; unit "$2" ;;
    corpus) [ $# -eq 3 ] || die "usage: valgrind.sh corpus DIR SRC"; corpus "$2" "$3" ;;
    *) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;/^set -e/d' >&2; exit 2 ;;
esac
