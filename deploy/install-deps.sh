#!/usr/bin/env bash
# Install what newsenrich needs on Debian 12: build tools and libraries, the
# test tools, and Java + Maven for the test broker. Idempotent; uses sudo
# when not root.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    librdkafka-dev libjansson-dev zlib1g-dev libutf8proc-dev libmicrohttpd-dev
    libcmocka-dev
    python3 kcat
    openjdk-17-jre-headless maven
    prometheus
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
