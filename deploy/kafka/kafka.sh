#!/usr/bin/env bash
# A real Apache Kafka broker (KRaft, single node, loopback) for tests,
# assembled from Maven Central artifacts.
#
#   kafka.sh fetch          download the broker's jars (cached; fast when present)
#   kafka.sh start DIR      format DIR (first time), start on free loopback
#                           ports, wait until it answers a metadata request;
#                           writes DIR/bootstrap and DIR/pid
#   kafka.sh stop DIR       SIGTERM, wait, SIGKILL after 30 s
#   kafka.sh restart DIR    stop, then start again on the same ports and data
#   kafka.sh status DIR     exit 0 when the broker answers
#
# KAFKA_VERSION (default 3.9.1) selects the release; NE_TIMEOUT_MULT scales
# the start deadline. KAFKA_JVM_OPTS replaces the broker's JVM options
# (default: small heap and C1-only JIT, which starts fast for tests;
# benchmarks set a full-JIT configuration). Maven's cache is ~/.m2; the
# jar set goes to deploy/kafka/.cache (ignored by git).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
version=${KAFKA_VERSION:-3.9.1}
libs="$here/.cache/kafka-$version/libs"
mult=${NE_TIMEOUT_MULT:-1}
jvm_opts=${KAFKA_JVM_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}

die() { echo "kafka.sh: $*" >&2; exit 1; }

fetch() {
    [ -f "$libs/.complete" ] && return 0
    command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
    command -v java >/dev/null || die "java not found (apt-get install openjdk-17-jre-headless)"
    rm -rf "$libs"
    mkdir -p "$libs"
    echo "kafka.sh: fetching Apache Kafka $version from Maven Central" >&2
    mvn -q -B -f "$here/pom.xml" -Dkafka.version="$version" \
        dependency:copy-dependencies -DoutputDirectory="$libs" \
        -DincludeScope=runtime -Dmdep.prependGroupId=true >&2 \
        || die "maven could not fetch the broker's jars"
    ls "$libs"/org.apache.kafka.kafka_2.13-*.jar >/dev/null 2>&1 \
        || die "kafka_2.13 jar missing after fetch"
    touch "$libs/.complete"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Readiness: a metadata request answered (kcat), else the port accepting.
answers() {
    local bootstrap=$1
    if command -v kcat >/dev/null; then
        kcat -b "$bootstrap" -L -m 2 >/dev/null 2>&1
    else
        (exec 3<>"/dev/tcp/${bootstrap%:*}/${bootstrap#*:}") 2>/dev/null
    fi
}

start() {
    local dir=$1 bport cport id i pid
    fetch
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ ! -f "$dir/server.properties" ]; then
        bport=$(free_port); cport=$(free_port)
        while [ "$cport" = "$bport" ]; do cport=$(free_port); done
        sed -e "s#@BPORT@#$bport#g" -e "s#@CPORT@#$cport#g" -e "s#@WORK@#$dir#g" \
            "$here/server.properties.in" > "$dir/server.properties"
        echo "127.0.0.1:$bport" > "$dir/bootstrap"
        # a cluster id must not start with '-' (it would parse as a flag)
        id=$(python3 -c 'import base64,uuid
while True:
    s = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not s.startswith("-"):
        print(s); break')
        java -Xmx256m -Dlog4j.configuration="file:$here/log4j.properties" \
            -cp "$libs/*" kafka.tools.StorageTool format -t "$id" \
            -c "$dir/server.properties" > "$dir/format.log" 2>&1 \
            || { cat "$dir/format.log" >&2; die "formatting $dir failed"; }
    fi
    # word splitting of $jvm_opts is intended
    # shellcheck disable=SC2086
    setsid java $jvm_opts \
        -Djava.awt.headless=true \
        -Dlog4j.configuration="file:$here/log4j.properties" \
        -cp "$libs/*" kafka.Kafka "$dir/server.properties" \
        >> "$dir/broker.log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$dir/pid"
    for ((i = 0; i < 240 * mult; i++)); do
        if answers "$(cat "$dir/bootstrap")"; then
            echo "kafka.sh: Kafka $version ready at $(cat "$dir/bootstrap") (pid $pid)" >&2
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { tail -50 "$dir/broker.log" >&2; die "broker exited during start"; }
        sleep 0.25
    done
    tail -50 "$dir/broker.log" >&2
    die "broker not ready after $((60 * mult)) s"
}

stop() {
    local dir=$1 pid i
    [ -f "$dir/pid" ] || return 0
    pid=$(cat "$dir/pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 120; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/pid"
}

cmd=${1:-}
case "$cmd" in
fetch) fetch ;;
start) [ $# -eq 2 ] || die "usage: kafka.sh start DIR"; start "$2" ;;
stop) [ $# -eq 2 ] || die "usage: kafka.sh stop DIR"; stop "$2" ;;
restart) [ $# -eq 2 ] || die "usage: kafka.sh restart DIR"; stop "$2"; start "$2" ;;
status) [ $# -eq 2 ] || die "usage: kafka.sh status DIR"; answers "$(cat "$2/bootstrap")" ;;
*) die "usage: kafka.sh fetch|start DIR|stop DIR|restart DIR|status DIR" ;;
esac
