#!/usr/bin/env bash
# The CDC benchmark: a CDC product vs the raw Flink CDC source with a discarding sink, same process.
# Usage: benchmarks/run-cdc.sh [rows=500000] [changes=200000]
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" CdcBenchmark "$@"
