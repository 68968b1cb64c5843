#!/usr/bin/env bash
# Three Juntos nodes on PostgreSQL and Redis behind HAProxy, all on loopback.
#
#   bash deploy/haproxy/run.sh           # start, print the URL, run until Ctrl-C
#   bash deploy/haproxy/run.sh --check   # start, check sign-up and a message across nodes, drain one node, stop
#
# Needs: java (>= 21; set JAVA_HOME to choose it), haproxy (>= 2.6), redis-server, psql, and a PostgreSQL reachable at
# JUNTOS_PG (default postgresql://postgres@127.0.0.1:5432/test). Builds target/juntos.jar if
# missing. Everything it starts (a Redis of its own, the nodes, HAProxy) is stopped on exit;
# it uses free ports and a schema of its own, never the shared Redis.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d /tmp/juntos-haproxy.XXXXXX)"
pg="${JUNTOS_PG:-postgresql://postgres@127.0.0.1:5432/test}"
pids=()

log() { printf '[haproxy-example] %s\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -q "$pg" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  log "stopped; logs were in $work"
}
wait_ready() { # url, seconds
  for _ in $(seq 1 "$(( $2 * 10 ))"); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
  log "not ready in $2 s: $1"; return 1
}

[ -f "$repo/target/juntos.jar" ] || (cd "$repo" && mvn -o -B -q package -DskipTests)
command -v haproxy >/dev/null || { log "haproxy is not installed (apt-get install -y haproxy)"; exit 1; }

schema="haproxy_$(date +%s)_$$"
psql -q "$pg" -c "CREATE SCHEMA $schema" >/dev/null
trap cleanup EXIT

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)

export JUNTOS_LB_PORT="$(free_port)" JUNTOS_LB_STATS_PORT="$(free_port)"
lb="http://127.0.0.1:$JUNTOS_LB_PORT"
# What must be the same on every node: the database, Redis, the token key, the public URL and
# allowed origins, the media backend (one S3 bucket, or one shared folder) and the limits.
common=(
  JUNTOS_DB_URL="jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=$schema"
  JUNTOS_REDIS_URL="redis://127.0.0.1:$redis_port/0"
  JUNTOS_TOKEN_KEY="$(head -c 32 /dev/urandom | base64)"
  JUNTOS_PUBLIC_URL="$lb" JUNTOS_ALLOWED_ORIGINS="$lb"
  JUNTOS_TRUST_PROXY=true
  JUNTOS_MEDIA_DIR="$work/media"
  JUNTOS_DRAIN_TIMEOUT=10s
  JUNTOS_LOG_LEVEL=WARN
)
for n in 1 2 3; do
  port="$(free_port)"
  export "JUNTOS_NODE${n}_PORT=$port"
  env "${common[@]}" JUNTOS_PORT="$port" JUNTOS_BIND=127.0.0.1 JUNTOS_DATA_DIR="$work/node$n" \
    "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m -jar "$repo/target/juntos.jar" >"$work/node$n.log" 2>&1 &
  pids+=($!)
  eval "node${n}_pid=$!"
  # The first node migrates the schema; the others start after it.
  [ "$n" = 1 ] && wait_ready "http://127.0.0.1:$port/readyz" 60
done
for n in 2 3; do p="JUNTOS_NODE${n}_PORT"; wait_ready "http://127.0.0.1:${!p}/readyz" 60; done

haproxy -f "$here/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)
wait_ready "$lb/readyz" 20
log "ready: $lb (stats: http://127.0.0.1:$JUNTOS_LB_STATS_PORT/), nodes on ports $JUNTOS_NODE1_PORT $JUNTOS_NODE2_PORT $JUNTOS_NODE3_PORT"

if [ "${1:-}" != "--check" ]; then
  log "Ctrl-C stops everything"
  wait
  exit 0
fi

# --- --check: one account through the balancer, a sign-in on each node, a drain --------------
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
user="u$RANDOM$RANDOM"
token="$(curl -sf -H 'Content-Type: application/json' -d "{\"fullName\":\"Ex Ample\",\"username\":\"$user\",\"email\":\"$user@example.com\",\"password\":\"correct horse battery\"}" \
  "$lb/api/auth/signup" | json "['accessToken']")"
for n in 1 2 3; do
  p="JUNTOS_NODE${n}_PORT"
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:${!p}/api/profile")"
  [ "$code" = 200 ] || { log "node $n refused a token of the cluster ($code)"; exit 1; }
done
log "a token issued through the balancer is accepted by every node"
kill -TERM "$node2_pid"
for _ in $(seq 1 50); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$JUNTOS_NODE2_PORT/readyz")" != 200 ] && break; sleep 0.1
done
wait "$node2_pid" 2>/dev/null || true
log "node 2 drained and exited on SIGTERM"
code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$lb/api/profile")"
[ "$code" = 200 ] || { log "the balancer did not route around the drained node ($code)"; exit 1; }
log "check passed: the balancer serves through the remaining nodes"
