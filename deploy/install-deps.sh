#!/usr/bin/env bash
# Install what newsenrich needs on Debian 12. Idempotent; uses sudo when not
# root.
#
#   deploy/install-deps.sh          build and run: compiler, CMake and the
#                                   -dev libraries (what `make demo` needs)
#   deploy/install-deps.sh --test   also the test tools: cmocka, clang and
#                                   valgrind, Java + Maven for the test broker,
#                                   Prometheus, systemd, yq, kcat and
#                                   kubernetes-validate (what `make test` needs)
set -euo pipefail

build_packages=(
    build-essential cmake pkg-config
    librdkafka-dev libjansson-dev zlib1g-dev libutf8proc-dev libmicrohttpd-dev
)
test_packages=(
    libcmocka-dev
    clang libclang-rt-14-dev valgrind
    python3 python3-venv kcat
    openjdk-17-jre-headless maven
    prometheus systemd yq
)
# kubernetes-validate (PyPI) checks the Kubernetes manifests offline: its
# schemas ship inside the package. It lives in its own virtualenv.
KV_VERSION=1.37.0
KV_ENV=${NE_TOOLS_DIR:-/opt/newsenrich-tools}

with_tests=0
case "${1:-}" in
    "") ;;
    --test) with_tests=1 ;;
    -h|--help)
        sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
        exit 0 ;;
    *)
        echo "install-deps: unknown option \"$1\" (use --test or nothing)" >&2
        exit 2 ;;
esac

packages=("${build_packages[@]}")
[ "$with_tests" -eq 0 ] || packages+=("${test_packages[@]}")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$with_tests" -eq 1 ] && ! command -v kubernetes-validate >/dev/null; then
    echo "install-deps: installing kubernetes-validate $KV_VERSION into $KV_ENV" >&2
    $sudo python3 -m venv "$KV_ENV"
    $sudo "$KV_ENV/bin/pip" install -q "kubernetes-validate==$KV_VERSION"
    $sudo ln -sf "$KV_ENV/bin/kubernetes-validate" /usr/local/bin/kubernetes-validate
fi
