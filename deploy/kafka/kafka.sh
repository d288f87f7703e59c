#!/usr/bin/env bash
# A real Apache Kafka broker (KRaft, single node, loopback) for tests,
# assembled from Maven Central artifacts.
#
#   kafka.sh fetch          download the broker's jars (cached; fast when present)
#   kafka.sh start DIR      format DIR (first time), start on free loopback
#                           ports, wait until it answers a metadata request;
#                           writes DIR/bootstrap and DIR/pid
#   kafka.sh start-secure DIR
#                           as start, plus SASL_SSL (SCRAM-SHA-512), SSL with
#                           client certificates and an SSL listener with an
#                           expired certificate; makes a throw-away CA and
#                           certificates in DIR/tls (openssl, never committed)
#                           and a SCRAM user with a random password; writes
#                           DIR/bootstrap.{sasl_ssl,ssl,expired} and
#                           DIR/tls/scram-user (name, password: two lines)
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

# DIR/tls: a CA, the broker's certificate from it (and an expired one),
# a client certificate, and a second CA the broker does not know. Keys are
# unencrypted PKCS#8, which Kafka's PEM keystore reads as is.
make_tls() {
    local t=$1/tls
    mkdir -p "$t"
    chmod 700 "$t"
    (
        cd "$t"
        ossl() { openssl "$@" > openssl.log 2>&1 || { cat openssl.log >&2; die "openssl $1 failed"; }; }
        ossl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem \
            -days 30 -subj "/CN=newsenrich test CA"
        ossl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key \
            -out other-ca.pem -days 30 -subj "/CN=unknown test CA"
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext
        ossl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr \
            -subj "/CN=localhost"
        ossl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key \
            -CAcreateserial -days 30 -extfile san.ext -out broker.pem
        # notAfter a day before notBefore: expired from the start
        ossl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key \
            -CAcreateserial -days -1 -extfile san.ext -out expired.pem
        cat broker.key broker.pem > broker-keystore.pem
        cat broker.key expired.pem > expired-keystore.pem
        ossl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr \
            -subj "/CN=newsenrich-client"
        ossl x509 -req -in client.csr -CA ca.pem -CAkey ca.key \
            -CAcreateserial -days 30 -out client.pem
        rm -f ./*.csr openssl.log
    )
}

start() {
    local dir=$1 secure=${2:-} bport cport sport tport eport id i pid
    local scram=()
    fetch
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ ! -f "$dir/server.properties" ]; then
        bport=$(free_port); cport=$(free_port)
        while [ "$cport" = "$bport" ]; do cport=$(free_port); done
        sed -e "s#@BPORT@#$bport#g" -e "s#@CPORT@#$cport#g" -e "s#@WORK@#$dir#g" \
            "$here/server.properties.in" > "$dir/server.properties"
        echo "127.0.0.1:$bport" > "$dir/bootstrap"
        if [ -n "$secure" ]; then
            command -v openssl >/dev/null || die "openssl not found"
            make_tls "$dir"
            sport=$(free_port); tport=$(free_port); eport=$(free_port)
            # later keys win: the listeners of the secure file replace
            # the plain ones
            sed -e "s#@BPORT@#$bport#g" -e "s#@CPORT@#$cport#g" \
                -e "s#@SPORT@#$sport#g" -e "s#@TPORT@#$tport#g" \
                -e "s#@EPORT@#$eport#g" -e "s#@WORK@#$dir#g" \
                "$here/server-secure.properties.in" >> "$dir/server.properties"
            echo "127.0.0.1:$sport" > "$dir/bootstrap.sasl_ssl"
            echo "127.0.0.1:$tport" > "$dir/bootstrap.ssl"
            echo "127.0.0.1:$eport" > "$dir/bootstrap.expired"
            printf 'newsenrich\n%s\n' "$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')" \
                > "$dir/tls/scram-user"
            chmod 600 "$dir/tls/scram-user"
            scram=(--add-scram "SCRAM-SHA-512=[name=newsenrich,password=$(sed -n 2p "$dir/tls/scram-user")]")
        fi
        # a cluster id must not start with '-' (it would parse as a flag)
        id=$(python3 -c 'import base64,uuid
while True:
    s = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not s.startswith("-"):
        print(s); break')
        java -Xmx256m -Dlog4j.configuration="file:$here/log4j.properties" \
            -cp "$libs/*" kafka.tools.StorageTool format -t "$id" \
            -c "$dir/server.properties" "${scram[@]}" > "$dir/format.log" 2>&1 \
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
start-secure) [ $# -eq 2 ] || die "usage: kafka.sh start-secure DIR"; start "$2" secure ;;
stop) [ $# -eq 2 ] || die "usage: kafka.sh stop DIR"; stop "$2" ;;
restart) [ $# -eq 2 ] || die "usage: kafka.sh restart DIR"; stop "$2"; start "$2" ;;
status) [ $# -eq 2 ] || die "usage: kafka.sh status DIR"; answers "$(cat "$2/bootstrap")" ;;
*) die "usage: kafka.sh fetch|start DIR|start-secure DIR|stop DIR|restart DIR|status DIR" ;;
esac
