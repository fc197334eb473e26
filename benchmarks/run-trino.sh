#!/usr/bin/env bash
# Trino query latency on a table of many small commits, before and after compaction.
# Usage: benchmarks/run-trino.sh [commits=500] [rowsPerCommit=200] [queries=30]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trino_version=$(sed -n 's:.*<trino.version>\(.*\)</trino.version>.*:\1:p' "$root/pom.xml")
if [ ! -f "$root/runtime/target/trino-server-core-$trino_version/lib/.complete" ]; then
  # in the reactor, like ./weft: the untar step resolves runtime's dependencies, weft-jobs and weft-catalog(-api) among them
  MAVEN_OPTS="-Djansi.noreset=true ${MAVEN_OPTS:-}" mvn -B -q -f "$root/pom.xml" -pl runtime -am -Dmaven.test.skip=true pre-integration-test
fi
exec "$root/benchmarks/run.sh" TrinoCompactionBenchmark "$@"
