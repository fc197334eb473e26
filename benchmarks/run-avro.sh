#!/usr/bin/env bash
# Avro vs JSON on the wire for the same product shape (bench-orders.yaml), with a real schema registry.
# Usage: benchmarks/run-avro.sh [records=300000] [rounds=2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# the registry (Apicurio Registry) is unpacked into runtime/target by this execution of the runtime build
mvn -B -q -f "$root/pom.xml" -pl runtime dependency:unpack@schema-registry
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" AvroBenchmark "$@"
