#!/usr/bin/env bash
# Regenerate (or with --check, verify) the README's config reference from
# the config table (`newsenrich config-reference`).
#   tools/readme_config.sh BUILD_DIR [--check]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$1/newsenrich"
readme="$top/README.md"
ref=$("$bin" config-reference)
new=$(awk -v ref="$ref" '
    /<!-- config-reference:begin -->/ { print; print ref; skip = 1; next }
    /<!-- config-reference:end -->/ { skip = 0 }
    !skip { print }' "$readme")
if [ "${2:-}" = "--check" ]; then
    if [ "$new" != "$(cat "$readme")" ]; then
        echo "README.md's config reference is out of date: run tools/readme_config.sh $1" >&2
        diff <(echo "$new") "$readme" >&2 || true
        exit 1
    fi
    exit 0
fi
printf '%s\n' "$new" > "$readme"
