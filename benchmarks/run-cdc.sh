#!/usr/bin/env bash
# The CDC benchmark: a CDC product vs the raw Flink CDC source with a discarding sink and vs a
# hand-written Flink CDC job with the same sinks (HandWrittenCdcJob), same process,
# and the physical limit (JDBC SELECT, COPY TO STDOUT) of reading the same rows.
# Usage: benchmarks/run-cdc.sh [rows=500000] [changes=200000]
#        benchmarks/run-cdc.sh --parallel-snapshot [rows=1000000]   Weft's snapshot at parallelism 1 and 2, checked exactly
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" CdcBenchmark "$@"
