#!/usr/bin/env bash
# A local Flink session cluster, one JobManager and N TaskManagers as separate JVMs, without a Flink
# tarball: the class path comes from Maven Central through Maven (deploy/flink/pom.xml for Flink's own
# jars, jobs/target for Weft's jobs module and the list of what it adds, the same the Weft Flink image
# downloads), and the memory
# flags from Flink's BashJavaUtils, as Flink's own scripts compute them.
#
#   deploy/flink/cluster.sh start [--taskmanagers N] [--port PORT] [--dir DIR]   prints the REST URL
#   deploy/flink/cluster.sh taskmanager [--dir DIR]     one more TaskManager (e.g. to replace a lost one)
# Each process writes DIR/<name>.pid and DIR/log/<name>.log; TaskManagers are named (their Flink
# resource id) taskmanager-1, -2, … in the order they started.
#   deploy/flink/cluster.sh application --plan PLAN.json [--taskmanagers N] [--port PORT] [--dir DIR] [-D key=value …]
#                                       one product's job in application mode, as the Weft Flink image runs it:
#                                       the JobManager runs dev.weft.jobs.ProductMain on the plan (weft plan --json);
#                                       -D sets Flink and weft.* options (Kafka, catalog) of the cluster; prints the REST URL
#   deploy/flink/cluster.sh stop [--dir DIR]
#
# Environment: WEFT_MVN_FLAGS (e.g. -o) for the Maven calls; FLINK_TM_MEMORY (default 1600m),
# FLINK_JM_MEMORY (default 1024m), FLINK_TM_SLOTS (default 8), FLINK_RPC_PORT (default REST port - 1958, so 6123 for 8081).
set -eEuo pipefail
# a command that fails ends the script (set -e): say which, so that a failed start is never silent
# (-E: inside functions and command substitutions too, where most of the work happens)
trap 'echo "cluster.sh: line $LINENO: \`$BASH_COMMAND\` failed (exit $?)" >&2' ERR
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

command="${1:-}"
[ $# -gt 0 ] && shift
taskmanagers=1
port=8081
dir="$here/target/cluster"
plan=""
options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --taskmanagers) taskmanagers="$2"; shift 2 ;;
    --plan) plan="$2"; shift 2 ;;
    -D) options+=(-D "$2"); shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    *) echo "cluster.sh: unknown argument $1 (usage: cluster.sh start [--taskmanagers N] [--port PORT] [--dir DIR] | application --plan PLAN.json [--taskmanagers N] [--port PORT] [--dir DIR] [-D key=value …] | taskmanager [--dir DIR] | stop [--dir DIR])" >&2; exit 2 ;;
  esac
done
mvn_flags=(-B -q ${WEFT_MVN_FLAGS:-})

# --- the class path: Weft's jobs jar, what Weft's jobs add to Flink's lib/, Flink's own jars ---
# What the jobs add is one list, which the Weft Flink image downloads from Maven Central too (WeftFlinkImage.LIB):
# the jobs module's build resolves it into jobs/target/classes/dev/weft/jobs/image-lib.classpath, as paths behind
# M2_REPO; here they come from the local repository that Maven resolved Flink's jars into.
class_path() {
  local jobs_jar="$root/jobs/target/weft-jobs-0.1.0-SNAPSHOT.jar" image_lib="$root/jobs/target/classes/dev/weft/jobs/image-lib.classpath"
  if [ ! -f "$jobs_jar" ] || [ ! -f "$image_lib" ] \
      || [ -n "$(find "$root/pom.xml" "$root/jobs/pom.xml" "$root/jobs/src/main" -newer "$jobs_jar" -type f -print -quit)" ]; then
    echo "cluster.sh: building the jobs module …" >&2
    mvn "${mvn_flags[@]}" -f "$root/pom.xml" -pl jobs -DskipTests package >&2
  fi
  local flink_cp="$here/target/flink.classpath"
  if [ ! -f "$flink_cp" ] || [ "$here/pom.xml" -nt "$flink_cp" ] || [ "$root/pom.xml" -nt "$flink_cp" ]; then
    echo "cluster.sh: resolving Flink's jars through Maven …" >&2
    mvn "${mvn_flags[@]}" -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$flink_cp" >&2
  fi
  local repository
  # (every command reads all its input: one that stops early would fail the pipe, and with it the script)
  repository="$(tr ':' '\n' < "$flink_cp" | sed -n 's:/org/apache/flink/flink-runtime/.*::p' | sed -n 1p)"
  # each jar once, the jobs jar first
  echo "$jobs_jar:$(sed "s:M2_REPO:$repository:g" "$image_lib"):$(cat "$flink_cp")" | tr ':' '\n' | awk 'NF && !seen[$0]++' | paste -sd:
}

# --- what the Weft Flink image has in lib/ besides: weft-runtime, whose translator ProductMain builds the job with ---
image_class_path() {
  local runtime_jar="$root/runtime/target/weft-runtime-0.1.0-SNAPSHOT.jar" catalog_api_jar="$root/catalog-api/target/weft-catalog-api-0.1.0-SNAPSHOT.jar"
  if [ ! -f "$runtime_jar" ] || [ ! -f "$catalog_api_jar" ] \
      || [ -n "$(find "$root/runtime/src/main" "$root/catalog-api/src/main" -newer "$runtime_jar" -type f -print -quit)" ]; then
    echo "cluster.sh: building the runtime module …" >&2
    mvn "${mvn_flags[@]}" -f "$root/pom.xml" -pl runtime -am -DskipTests package >&2
  fi
  echo "$(class_path):$runtime_jar:$catalog_api_jar"
}

opens() {
  sed -n 's:.*<flink.jvm.opens>\(.*\)</flink.jvm.opens>.*:\1:p' "$root/pom.xml"
}

write_config() {
  mkdir -p "$dir/conf" "$dir/log" "$dir/checkpoints" "$dir/savepoints" "$dir/tmp"
  local rpc_port="${FLINK_RPC_PORT:-$((port - 1958))}"
  cat > "$dir/conf/config.yaml" <<EOF
jobmanager.rpc.address: localhost
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: localhost
taskmanager.bind-host: localhost
taskmanager.host: localhost
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $port
jobmanager.memory.process.size: ${FLINK_JM_MEMORY:-1024m}
taskmanager.memory.process.size: ${FLINK_TM_MEMORY:-1600m}
taskmanager.numberOfTaskSlots: ${FLINK_TM_SLOTS:-8}
# every JobManager and TaskManager of this cluster sees this folder; jobs may name their own
state.backend.type: rocksdb
state.backend.incremental: true
state.checkpoints.dir: file://$dir/checkpoints
state.savepoints.dir: file://$dir/savepoints
io.tmp.dirs: $dir/tmp
# a replacement TaskManager, not the lost one's heartbeat timeout, decides how soon a job runs again
heartbeat.timeout: 20000
# Iceberg's shared worker threads keep the class loader of the task that made them after its job ends;
# Weft's classes are on the class path, so the leak check would only fail later jobs' S3 and file reads
classloader.check-leaked-classloader: false
metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
metrics.reporter.prom.port: 9249-9269
EOF
  cat > "$dir/conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
EOF
}

# Flink's BashJavaUtils prints the JVM memory flags and the dynamic configuration, each behind this prefix
resource_params() {
  local which="$1" cp="$2" output="" attempt
  # a JVM that cannot start on a busy machine is tried again; its own output says why it failed
  for attempt in 1 2 3; do
    if output=$(java -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$which" --configDir "$dir/conf" 2>&1); then
      break
    fi
    echo "cluster.sh: Flink's BashJavaUtils $which failed (attempt $attempt of 3):" >&2
    echo "$output" | tail -n 20 >&2
    [ "$attempt" -eq 3 ] && exit 1
    sleep 1
  done
  output="$(echo "$output" | tail -n 1000)"
  local results
  results=$(echo "$output" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://' || true)
  if [ "$(echo "$results" | grep -c .)" -ne 2 ]; then
    echo "cluster.sh: Flink's BashJavaUtils $which did not compute the memory settings:" >&2
    echo "$output" >&2
    exit 1
  fi
  echo "$results"
}

# arguments of the job's main, after everything the entry point reads (its parser stops at the first it does not know)
job_args=()

start_process() { # name main-class resource-command extra-args…
  local name="$1" main="$2" which="$3"; shift 3
  local cp params jvm dynamic
  cp="$(cat "$dir/classpath")"
  params="$(resource_params "$which" "$cp")"
  jvm="$(echo "$params" | head -n1)"
  dynamic="$(echo "$params" | tail -n1)"
  # shellcheck disable=SC2086 # the flags are words, as in Flink's scripts
  setsid java $jvm $(opens) -Dlog.file="$dir/log/$name.log" -Dlog4j.configurationFile="file:$dir/conf/log4j.properties" \
    -cp "$cp" "$main" --configDir "$dir/conf" "$@" $dynamic "${job_args[@]}" > "$dir/log/$name.out" 2>&1 < /dev/null &
  echo $! > "$dir/$name.pid"
}

next_taskmanager() {
  local n=1
  while [ -f "$dir/taskmanager-$n.pid" ]; do n=$((n + 1)); done
  echo "taskmanager-$n"
}

registered_taskmanagers() {
  local overview
  overview="$(curl -sf "http://127.0.0.1:$port/overview" 2>/dev/null || true)"
  [[ "$overview" =~ \"taskmanagers\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}" || echo 0
}

await_taskmanagers() { # count
  local want="$1"
  for _ in $(seq 1 240); do
    if [ "$(registered_taskmanagers)" -ge "$want" ]; then
      return 0
    fi
    if ! kill -0 "$(cat "$dir/jobmanager.pid")" 2>/dev/null; then
      echo "cluster.sh: the JobManager stopped; see $dir/log/jobmanager.log and jobmanager.out" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "cluster.sh: $want TaskManager(s) did not register within 2 minutes; see $dir/log/" >&2
  exit 1
}

running() {
  [ -f "$dir/jobmanager.pid" ] && kill -0 "$(cat "$dir/jobmanager.pid")" 2>/dev/null
}

start_cluster() { # class-path-function jobmanager-main-class jobmanager-args…
  local class_path_of="$1" main="$2"; shift 2
  if running; then
    echo "cluster.sh: a cluster runs from $dir already (JobManager pid $(cat "$dir/jobmanager.pid")); stop it first" >&2
    exit 1
  fi
  rm -f "$dir"/*.pid
  write_config
  "$class_path_of" > "$dir/classpath"
  echo "$port" > "$dir/rest.port"
  start_process jobmanager "$main" GET_JM_RESOURCE_PARAMS "$@"
  job_args=() # the job's arguments are the JobManager's alone
  for _ in $(seq 1 "$taskmanagers"); do
    name="$(next_taskmanager)"
    start_process "$name" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS -D "taskmanager.resource-id=$name"
  done
  await_taskmanagers "$taskmanagers"
  echo "http://127.0.0.1:$port"
}

case "$command" in
  start)
    start_cluster class_path org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --executionMode cluster
    ;;
  application)
    if [ -z "$plan" ] || [ ! -f "$plan" ]; then
      echo "cluster.sh application: give the product's plan, --plan PLAN.json (weft plan SPEC --json > PLAN.json)" >&2
      exit 2
    fi
    job_args=(--plan "$(cd "$(dirname "$plan")" && pwd)/$(basename "$plan")")
    start_cluster image_class_path org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint \
      --job-classname dev.weft.jobs.ProductMain "${options[@]}"
    ;;
  taskmanager)
    if ! running; then
      echo "cluster.sh: no cluster runs from $dir; start one first" >&2
      exit 1
    fi
    port="$(cat "$dir/rest.port")"
    name="$(next_taskmanager)"
    start_process "$name" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS -D "taskmanager.resource-id=$name"
    # by name: a lost TaskManager may still count as registered until its heartbeat times out
    for _ in $(seq 1 240); do
      curl -sf "http://127.0.0.1:$port/taskmanagers" 2>/dev/null | grep -q "\"id\":\"$name\"" && break
      if ! kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
        echo "cluster.sh: $name stopped; see $dir/log/$name.log and $name.out" >&2
        exit 1
      fi
      sleep 0.5
    done
    curl -sf "http://127.0.0.1:$port/taskmanagers" | grep -q "\"id\":\"$name\"" \
      || { echo "cluster.sh: $name did not register within 2 minutes; see $dir/log/$name.log" >&2; exit 1; }
    echo "$name pid $(cat "$dir/$name.pid")"
    ;;
  stop)
    for pid_file in "$dir"/taskmanager-*.pid "$dir"/jobmanager.pid; do
      [ -f "$pid_file" ] || continue
      pid="$(cat "$pid_file")"
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      fi
      rm -f "$pid_file"
    done
    echo "stopped the cluster of $dir"
    ;;
  *)
    echo "usage: cluster.sh start [--taskmanagers N] [--port PORT] [--dir DIR] | application --plan PLAN.json [--taskmanagers N] [--port PORT] [--dir DIR] [-D key=value …] | taskmanager [--dir DIR] | stop [--dir DIR]" >&2
    exit 2
    ;;
esac
