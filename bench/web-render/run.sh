#!/usr/bin/env bash
# One command for the rendering evidence behind docs/web-client.md: the same thread rendered by the
# hand-written helpers and by lit-html in Chromium, under the served page's CSP.
# Usage: bash bench/web-render/run.sh [messages=500] [updates=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.juntos.bench.RenderBench \
  -Dexec.args="${1:-500} ${2:-200}"
