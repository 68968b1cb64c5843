#!/usr/bin/env bash
# The chaos test of issue 12, long form: the same scenario as the CI test
# io.juntos.cluster.ChaosShortTest (3 PostgreSQL nodes behind HAProxy, a Redis of its own,
# SIGKILL + restart of one node, Redis crash + restart, SIGTERM drain + restart of another,
# every socket cut at once plus a storm of extra connections, then DeliveryChecker), larger.
#
#   bash bench/chaos/run.sh                      # 320 clients in 40 groups of 8, storm of 1000
#   CLIENTS=128 STORM=400 PHASE=10 bash bench/chaos/run.sh
#
# Needs: JDK 21+ (JAVA_HOME), haproxy, redis-server, PostgreSQL at JUNTOS_TEST_PG_URL (default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres). Uses free ports, a schema of its own
# (dropped at the end) and never the shared Redis. The figures are on the line starting "chaos:".
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
clients="${CLIENTS:-320}"   # a multiple of 8
storm="${STORM:-1000}"      # extra connections opened at once; the cut clients reconnect on top
phase="${PHASE:-10}"        # seconds of traffic between faults
pace="${PACE_MS:-250}"      # each client waits this long after an ack before its next send
echo "chaos long form: clients=$clients storm=$storm phase=${phase}s pace=${pace}ms; load: $(uptime)"
mvn -o -B test -Dtest=ChaosShortTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djuntos.chaos.clients="$clients" -Djuntos.chaos.storm="$storm" \
  -Djuntos.chaos.phaseSeconds="$phase" -Djuntos.chaos.paceMs="$pace" | tee /tmp/juntos-chaos-long.log |
  grep -E '^chaos:|Tests run:|FAIL|BUILD' || true
echo "load after: $(uptime)"
grep -q 'BUILD SUCCESS' /tmp/juntos-chaos-long.log
