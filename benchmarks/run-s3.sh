#!/usr/bin/env bash
# The end-to-end product with its table on local disk vs on S3 (Adobe S3Mock, a process on this machine), same run.
# Usage: benchmarks/run-s3.sh [records=1000000] [rounds=2]
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" S3WarehouseBenchmark "$@"
