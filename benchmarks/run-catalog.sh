#!/usr/bin/env bash
# Catalog latency with many products and lineage edges under concurrent clients on loopback.
# Usage: benchmarks/run-catalog.sh [products=10000] [edges=100000] [clients=50] [requests=200] [rate=0 (back to back), or requests/s per client]
# Builds without installing anything into ~/.m2: the benchmark needs only the catalog's classes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -pl catalog,benchmarks -am -DskipTests compile
# in the reactor, so that weft-catalog-api resolves to its target/classes (nothing is installed into ~/.m2)
mvn -B -q -pl catalog-api,catalog -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/catalog.classpath
exec java -Xmx2g ${WEFT_BENCH_OPTS:-} -cp "benchmarks/target/classes:catalog/target/classes:$(cat catalog/target/catalog.classpath)" \
  dev.weft.benchmarks.CatalogBenchmark "$@"
