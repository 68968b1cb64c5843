#!/usr/bin/env bash
# The lists benchmark of issue 17 in one command (docs/benchmarks.md "Lists"):
#   bash bench/lists/run.sh [key=value ...]    e.g. clients=16 rates=500,1000,2000,4000 measure=6 overload=16000 trace=true
# Builds target/juntos.jar if needed, installs Hocuspocus and Yjs (npm ci) if needed, then runs the
# Java load generator (src/test/java/io/juntos/bench/ListsBench.java) against Hocuspocus and Juntos,
# each started as its own process on 127.0.0.1, then replays ../shared/traces/automerge-paper.json.gz
# through Juntos. Prints a markdown report and writes it to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"

if [[ ! -d bench/lists/node_modules/@hocuspocus/server ]]; then
  (cd bench/lists && npm ci --no-audit --no-fund)
fi

newest_source=$(find src/main pom.xml -type f -newer target/juntos.jar 2>/dev/null | head -1 || true)
if [[ ! -f target/juntos.jar || -n "$newest_source" ]]; then
  mvn -q -Dmaven.test.skip=true package
fi

if mvn -q test-compile > target/bench-test-compile.log 2>&1; then
  exec mvn -q exec:exec -Dexec.classpathScope=test -Dexec.executable="$JAVA_HOME/bin/java" \
    -Dexec.args="-Xmx2g -cp %classpath io.juntos.bench.ListsBench $*"
fi
# A test elsewhere that does not compile must not block the benchmark: compile only what it uses.
echo "run.sh: mvn test-compile failed (see target/bench-test-compile.log); compiling the bench alone" >&2
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
rm -rf target/bench-classes
javac -d target/bench-classes -cp "target/classes:$(cat target/bench-classpath.txt)" \
  src/test/java/io/juntos/bench/*.java src/test/java/io/juntos/testing/Api.java src/test/java/io/juntos/testing/Services.java
exec java -Xmx2g -cp "target/bench-classes:target/classes:$(cat target/bench-classpath.txt)" io.juntos.bench.ListsBench "$@"
