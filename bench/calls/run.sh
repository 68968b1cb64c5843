#!/usr/bin/env bash
# What a call mesh costs on this machine (docs/calls.md): runs the four-page mesh browser test
# (headless Chromium, fake 320x240 camera and microphone, through a real server) and prints the
# line it reports: CPU used by that Chromium over 10 s of a steady call, in cores, and each video
# sender's resolution, frame rate and quality limitation (cpu/bandwidth/none). Prints uptime's
# load first: the machine is shared, so the figures are only comparable at a similar load.
#   bash bench/calls/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"
echo "date: $(date -u +%FT%TZ)  uptime: $(uptime)"
echo "chromium: $(chromium --version 2>/dev/null || echo unknown)  nproc: $(nproc)"
mvn -o -B test -Dtest='CallsBrowserTest#fourPeopleFormAFullMesh' -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E 'calls-mesh|Tests run:' | head -3
echo "after: $(uptime)"
