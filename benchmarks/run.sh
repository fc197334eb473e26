#!/usr/bin/env bash
# Builds Weft and runs one benchmark class of this module with the JVM flags Flink needs.
# Usage: benchmarks/run.sh CLASS [args…]   (CLASS: EndToEndBenchmark, CdcBenchmark, BatchBenchmark, MaskBenchmark, JsonSerializerBenchmark)
# WEFT_BENCH_OPTS adds JVM options, e.g. -Dweft.cdc.snapshot-chunk-rows=32768 for the CDC benchmark.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
benchmark="$1"
shift
# one reactor build: the benchmark's class path names the modules' jars in their target/ folders,
# so nothing is installed into ~/.m2
mvn -B -q -pl benchmarks -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
opens=$(sed -n 's:.*<flink.jvm.opens>\(.*\)</flink.jvm.opens>.*:\1:p' pom.xml)
exec java -Xmx6g $opens ${WEFT_BENCH_OPTS:-} -Dlog4j.configurationFile="$root/runtime/src/main/resources/log4j2-cli.properties" \
  -cp "benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/bench.classpath)" \
  "dev.weft.benchmarks.$benchmark" "$@"
