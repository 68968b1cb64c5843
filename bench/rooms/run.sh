#!/usr/bin/env bash
# The rooms sync benchmark of issue 10 in one command (docs/benchmarks.md):
#   bash bench/rooms/run.sh [pages=4] [steady=20]
# Starts a Juntos server in-process (SQLite) and N headless Chromium pages in one room playing a
# WebM generated with ffmpeg; prints a markdown report and writes target/bench/rooms.md. Takes
# about two minutes. Needs /usr/bin/chromium and ffmpeg (.ci/run installs both).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mvn -q test-compile
exec mvn -q exec:exec -Dexec.classpathScope=test -Dexec.executable="$JAVA_HOME/bin/java" \
  -Dexec.args="-Xmx1g -cp %classpath io.juntos.bench.RoomsBench $*"
