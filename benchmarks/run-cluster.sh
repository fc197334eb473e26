#!/usr/bin/env bash
# The end-to-end product on the MiniCluster vs on a Flink session cluster (parallelism 1 and 2), same input.
# Usage: benchmarks/run-cluster.sh [records=1000000] [rounds=2]
# Starts a session cluster with deploy/flink/cluster.sh (one TaskManager, port 18091) and stops it afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/benchmarks/target/flink-cluster"
url="$("$root/deploy/flink/cluster.sh" start --taskmanagers 1 --port 18091 --dir "$dir" | tail -n1)"
trap '"$root/deploy/flink/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
"$root/benchmarks/run.sh" ClusterBenchmark "$url" "$@"
