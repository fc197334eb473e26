#!/usr/bin/env bash
# The end-to-end throughput benchmark: compiled product vs hand-written Flink job, same process.
# Usage: benchmarks/run-end-to-end.sh [records=1000000] [rounds=2]
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" EndToEndBenchmark "$@"
