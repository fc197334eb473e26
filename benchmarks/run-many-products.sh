#!/usr/bin/env bash
# 10 products on one Flink session cluster vs 1: aggregate records/s and TaskManager heap per product.
# Usage: benchmarks/run-many-products.sh [records=300000] [products=10] [rounds=1]
# Starts a session cluster with deploy/flink/cluster.sh (one TaskManager of 3g with a slot per
# product, port 18092) and stops it afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/benchmarks/target/flink-cluster-many"
products="${2:-10}"
url="$(FLINK_TM_SLOTS=$((products + 2)) FLINK_TM_MEMORY="${FLINK_TM_MEMORY:-3g}" \
  "$root/deploy/flink/cluster.sh" start --taskmanagers 1 --port 18092 --dir "$dir" | tail -n1)"
trap '"$root/deploy/flink/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
"$root/benchmarks/run.sh" ManyProductsBenchmark "$url" "$dir" "${1:-300000}" "$products" "${3:-1}"
