#!/usr/bin/env bash
# One command for the CRDT benchmark: replays ../shared/traces/automerge-paper.json.gz
# into the Java engine, Yjs and Automerge in the same run and prints figures and ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -d bench/crdt/node_modules ]; then
  (cd bench/crdt && npm ci --no-audit --no-fund)
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} -Xmx2g"
mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.juntos.crdt.bench.TraceBenchmark
