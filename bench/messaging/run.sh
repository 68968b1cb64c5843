#!/usr/bin/env bash
# The messaging benchmark of issue 4 in one command (docs/benchmarks.md):
#   bash bench/messaging/run.sh [key=value ...]     e.g. clients=256 rates=1000,2000 idle=10000
# Builds target/juntos.jar if needed, installs socket.io (npm ci) if needed, then runs the Java
# load generator (src/test/java/io/juntos/bench/MessagingBench.java) against socket.io and the
# Juntos gateway, each started as its own process on 127.0.0.1. Prints a markdown report and
# writes it to target/bench/. Takes about five minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"

if [[ ! -d bench/messaging/node_modules/socket.io ]]; then
  (cd bench/messaging && npm ci --no-audit --no-fund)
fi

newest_source=$(find src/main pom.xml -type f -newer target/juntos.jar 2>/dev/null | head -1 || true)
if [[ ! -f target/juntos.jar || -n "$newest_source" ]]; then
  mvn -q -Dmaven.test.skip=true package
fi

# The official socket.io client checks the baseline server's semantics (ack + 7 deliveries)
# before the Java client, which speaks Engine.IO v4 itself, drives it.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
node --expose-gc bench/messaging/socketio-server.js "$port" < /dev/null > /dev/null &
check_pid=$!
# A loaded machine starts node slowly: wait for the port (up to 60 s) instead of a fixed second.
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.5
done
node bench/messaging/socketio-check.js "$port" || { kill "$check_pid"; exit 1; }
kill "$check_pid"

if mvn -q test-compile > target/bench-test-compile.log 2>&1; then
  exec mvn -q exec:exec -Dexec.classpathScope=test -Dexec.executable="$JAVA_HOME/bin/java" \
    -Dexec.args="-Xmx2g -cp %classpath io.juntos.bench.MessagingBench $*"
fi
# A test elsewhere that does not compile must not block the benchmark: compile only what it uses.
echo "run.sh: mvn test-compile failed (see target/bench-test-compile.log); compiling the bench alone" >&2
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
rm -rf target/bench-classes
javac -d target/bench-classes -cp "target/classes:$(cat target/bench-classpath.txt)" \
  src/test/java/io/juntos/bench/*.java src/test/java/io/juntos/testing/Api.java src/test/java/io/juntos/testing/Services.java
exec java -Xmx2g -cp "target/bench-classes:target/classes:$(cat target/bench-classpath.txt)" io.juntos.bench.MessagingBench "$@"
