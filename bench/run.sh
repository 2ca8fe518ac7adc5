#!/usr/bin/env bash
# make bench: our receiver against the Node.js reference receiver, on one throwaway PostgreSQL server.
#
# 1. starts a PostgreSQL cluster (Debian's postgresql package, default settings: fsync and
#    synchronous_commit on) in a temporary directory on a free loopback port, one database per receiver;
# 2. runs BENCH_ROUNDS rounds; each measures the machine's ceiling (our HTTP stack and verification alone,
#    then our insert alone into a fresh database), then loads both receivers, alternating which goes first
#    (reference first in odd rounds): starts it, runs the load generator (bench/target/bench.jar: warm-up,
#    closed loop, open loop at half its peak, table check), stops it. Before each part it waits (bounded) for the
#    machine to be quiet and stops if it stays busy, unless BENCH_ALLOW_BUSY=1;
# 3. writes the comparison (medians over the rounds, their spread, the ceiling) to bench/results/latest.md.
# Everything it started is stopped and the temporary directory removed on exit, also on failure.
#
# Parameters (environment): BENCH_ROUNDS (5), BENCH_EVENTS, BENCH_WARMUP, BENCH_CONCURRENCY, BENCH_SETTLE,
# BENCH_DURATION (open loop, seconds), BENCH_TIMEOUT_SECONDS, BENCH_RECEIVER_JAVA_OPTS (also the ceiling
# server's), BENCH_GENERATOR_JAVA_OPTS (e.g. to profile with -XX:StartFlightRecording), BENCH_RECEIVER_JAR
# (another build of ours), BENCH_RECEIVER_MEMORY (e.g. 512Mi: ours runs in a memory cgroup with that limit, as in its
# container, with the image's JVM options unless BENCH_RECEIVER_JAVA_OPTS is set, and its peak resident memory is
# logged after each load), BENCH_ONLY (ours|reference: load one only, no ceiling, no comparison),
# BENCH_MAX_BUSY_CORES (0.3), BENCH_QUIET_WAIT (60 s), BENCH_LOAD_SAMPLE (3 s), BENCH_ALLOW_BUSY (1: go on when busy),
# BENCH_PG_SETTINGS (server settings instead of the defaults, e.g. "max_wal_size=8GB checkpoint_timeout=15min"; named
# in the report; fsync, synchronous_commit and full_page_writes cannot be turned off here).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
results_dir=$root/bench/results
receiver_java_opts=${BENCH_RECEIVER_JAVA_OPTS:--Xms1g -Xmx1g}
ours_java_opts=$receiver_java_opts
receiver_jar=${BENCH_RECEIVER_JAR:-receiver/target/receiver.jar}
generator_java_opts=${BENCH_GENERATOR_JAVA_OPTS:--Xmx2g}

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

java_home=$(build/find-jdk 21) || die "no JDK >= 21"
java=$java_home/bin/java
[ -f "$receiver_jar" ] && [ -f bench/target/bench.jar ] || die "build first: make build"
command -v node >/dev/null && command -v npm >/dev/null || die "Node.js and npm are needed for the reference receiver (apt-get install nodejs npm)"

# --- PostgreSQL ------------------------------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL server binaries not found; install them: sudo apt-get install -y postgresql"
  log "installing PostgreSQL (apt-get install postgresql)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null || {
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
fi
pg=$(pg_bin)

# initdb refuses to run as root: run the server as an unprivileged user then.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  pg_user=postgres
  id -u "$pg_user" >/dev/null 2>&1 || { pg_user=stripe-bench; id -u "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home "$pg_user"; }
  as_pg=(runuser -u "$pg_user" --)
fi

# A port nobody listens on, below the ephemeral range that tests' port-0 servers draw from.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    if command -v ss >/dev/null; then
      ss -Hltn "( sport = :$port )" | grep -q . || { echo "$port"; return; }
    else
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    fi
  done
}

# A Kubernetes quantity in Mi or Gi, in bytes.
quantity_bytes() {
  [[ $1 =~ ^([1-9][0-9]*)(Mi|Gi)$ ]] || return 1
  if [ "${BASH_REMATCH[2]}" = Gi ]; then echo $(( BASH_REMATCH[1] * 1073741824 )); else echo $(( BASH_REMATCH[1] * 1048576 )); fi
}

work=$(mktemp -d /tmp/stripe-bench.XXXXXX)
pids=()
memory_cgroup=""
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  # PostgreSQL's background work during the run (checkpoints, autovacuum) explains outliers in the numbers.
  sed -n 's/^\([0-9-]* [0-9:.]*\) UTC \[[0-9]*\] LOG:  \(checkpoint starting: [a-z ]*\|automatic [a-z]* of table "[a-z_.]*"\).*/[bench] postgres \1 \2/p' \
    "$work/postgres.log" >&2 2>/dev/null || true
  if [ -f "$work/pg/postmaster.pid" ]; then
    (cd "$work" && "${as_pg[@]}" "$pg/pg_ctl" stop -D "$work/pg" -m fast -w >/dev/null 2>&1) || true
  fi
  rm -rf "$work"
  if [ -n "$memory_cgroup" ]; then
    # cgroup v1 counts the kills in memory.oom_control, v2 in memory.events.
    kills=$(cat "$memory_cgroup/memory.oom_control" "$memory_cgroup/memory.events" 2>/dev/null | awk '$1 == "oom_kill" { print $2 }' || true)
    [ "${kills:-0}" -eq 0 ] || log "the kernel killed ours $kills time(s) for memory: more than its ${BENCH_RECEIVER_MEMORY} limit"
    rmdir "$memory_cgroup" 2>/dev/null || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ ${#as_pg[@]} -eq 0 ] || chown "$pg_user" "$work"

# Ours in a memory cgroup as in its container: the JVM sizes its heap and picks its collector from the limit, and the
# kernel enforces it.
if [ -n "${BENCH_RECEIVER_MEMORY:-}" ]; then
  limit=$(quantity_bytes "$BENCH_RECEIVER_MEMORY") \
    || die "BENCH_RECEIVER_MEMORY must be a quantity in Mi or Gi, such as 512Mi or 1Gi, not '$BENCH_RECEIVER_MEMORY'"
  if [ -z "${BENCH_RECEIVER_JAVA_OPTS:-}" ]; then
    ours_java_opts=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' receiver/Dockerfile)
    [ -n "$ours_java_opts" ] || die "no JAVA_TOOL_OPTIONS in receiver/Dockerfile"
  fi
  if [ -d /sys/fs/cgroup/memory ]; then
    memory_cgroup=/sys/fs/cgroup/memory/stripe-bench-receiver-$$
    limit_file=memory.limit_in_bytes
  else
    memory_cgroup=/sys/fs/cgroup/stripe-bench-receiver-$$
    limit_file=memory.max
  fi
  { mkdir "$memory_cgroup" && echo "$limit" >"$memory_cgroup/$limit_file"; } 2>/dev/null \
    || { memory_cgroup=""; die "BENCH_RECEIVER_MEMORY needs a memory cgroup, and none could be made (as root, with the memory controller)"; }
  log "ours runs in a memory cgroup limited to $BENCH_RECEIVER_MEMORY"
fi
pg_port=$(free_port)
log "PostgreSQL $("$pg/postgres" --version | awk '{print $3}') in $work/pg on 127.0.0.1:$pg_port"
(cd "$work" && "${as_pg[@]}" "$pg/initdb" -D "$work/pg" -U bench --auth=trust -E UTF8 --no-instructions >"$work/initdb.log" 2>&1) \
  || { cat "$work/initdb.log" >&2; die "initdb failed"; }
pg_extra=""
for setting in ${BENCH_PG_SETTINGS:-}; do
  [[ "$setting" =~ ^[a-z_]+=[A-Za-z0-9.]+$ ]] || die "BENCH_PG_SETTINGS: '$setting' is not name=value"
  # The durability the comparison stands on is not a setting to trade.
  [[ "$setting" =~ ^(fsync|synchronous_commit|full_page_writes)= ]] && die "BENCH_PG_SETTINGS: '$setting' would trade durability"
  pg_extra+=" -c $setting"
done
(cd "$work" && "${as_pg[@]}" "$pg/pg_ctl" start -D "$work/pg" -w -l "$work/postgres.log" \
  -o "-c port=$pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c max_connections=200 \
     -c log_checkpoints=on -c log_autovacuum_min_duration=0 -c log_timezone=UTC$pg_extra") >/dev/null \
  || { cat "$work/postgres.log" >&2; die "PostgreSQL did not start"; }
postmaster=$(head -1 "$work/pg/postmaster.pid")
psql() { "$pg/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U bench "$@"; }
psql -d postgres -c "CREATE DATABASE ours" -c "CREATE DATABASE reference"
# The reference gets the very schema ours creates with Flyway: the same migration files, applied in order.
for migration in $(ls receiver/src/main/resources/db/migration/V*__*.sql | sort -V); do
  psql -d reference -f "$migration"
done
pg_settings=$(psql -d postgres -At -c "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings
  WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'commit_delay', 'max_wal_size')")
[ -z "${BENCH_PG_SETTINGS:-}" ] || log "PostgreSQL settings instead of the defaults: $BENCH_PG_SETTINGS"

secret=whsec_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export STRIPE_WEBHOOK_SECRET=$secret
run_id=${BENCH_RUN_ID:-$(date -u +%H%M%S)}
rounds=${BENCH_ROUNDS:-5}
mkdir -p "$results_dir"

wait_for_port() {
  local port=$1 pid=$2 name=$3
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log" >&2; die "$name exited during start-up"; }
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  die "$name did not listen on port $port within 30 s"
}

# Ours listens at once and migrates its schema in the background (503 until then): wait for readiness.
wait_for_ready() {
  local port=$1 pid=$2 name=$3
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log" >&2; die "$name exited during start-up"; }
    curl -fsS -o /dev/null "http://127.0.0.1:$port/observe/health/ready" 2>/dev/null && return 0
    sleep 0.1
  done
  die "$name was not ready within 30 s"
}

# In the background and waited for, so that an interrupt reaches the trap (and stops it) at once.
waited() {
  "$@" &
  local pid=$!
  pids+=("$pid")
  wait "$pid"
}

stop() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

load() {
  local name=$1 port=$2 pid=$3 database=$4 round=$5
  log "$name, round $round: load (uptime:$(uptime | sed 's/.*load average//'))"
  # shellcheck disable=SC2086 # the options are a list of JVM flags
  waited env BENCH_RUN_ID="$run_id$round" "$java" $generator_java_opts -jar bench/target/bench.jar run --name "$name" \
    --url "http://127.0.0.1:$port/webhooks/stripe" --jdbc-url "jdbc:postgresql://127.0.0.1:$pg_port/$database?user=bench" \
    --endpoint bench --receiver-pid "$pid" --postgres-pid "$postmaster" --round "$round" \
    --out "$results_dir/latest-$name-$round.json" || die "the load generator failed against $name"
}

# Waits (up to BENCH_QUIET_WAIT) until work other than ours keeps at most BENCH_MAX_BUSY_CORES busy; the
# measurement is kept for the report.
quiet_check() {
  local round=$1 part=$2 status=0 summary
  waited "$java" -jar bench/target/bench.jar quiet --round "$round" --part "$part" --postgres-pid "$postmaster" \
    --out "$results_dir/latest-load-$round-$part.json" >"$work/quiet.out" || status=$?
  summary=$(cat "$work/quiet.out")
  case "$status" in
    0) log "round $round, before $part: $summary" ;;
    3) # still busy after the wait
       if [ "${BENCH_ALLOW_BUSY:-}" = 1 ]; then
         log "WARNING: the machine is busy before round $round ($part): $summary. BENCH_ALLOW_BUSY=1: going on; the report says so on top."
       else
         die "the machine is busy before round $round ($part), still after waiting ${BENCH_QUIET_WAIT:-60} s: $summary.
Measurements on a busy machine compare the receivers unfairly. Stop the other work and run again, or set BENCH_ALLOW_BUSY=1
to measure anyway (the report then starts with a warning naming the rounds that ran busy)."
       fi ;;
    *) die "the load check failed" ;;
  esac
}

# The machine's ceiling: our HTTP stack and verification with nothing stored (its own process, loaded like the
# receivers), then our insert statement alone into a fresh database (from the generator's process).
bench_ceiling() {
  local round=$1 port pid
  port=$(free_port)
  log "ceiling, round $round: HTTP and signature verification alone (java $receiver_java_opts, HttpCeilingServer)"
  # shellcheck disable=SC2086 # the options are a list of JVM flags
  PORT=$port ENDPOINT_NAME=bench "$java" $receiver_java_opts -cp bench/target/bench.jar dev.stripeoperator.bench.HttpCeilingServer \
    >"$work/http-ceiling.log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_for_port "$port" "$pid" http-ceiling
  # shellcheck disable=SC2086 # the options are a list of JVM flags
  waited env BENCH_RUN_ID="$run_id$round" "$java" $generator_java_opts -jar bench/target/bench.jar http-ceiling \
    --url "http://127.0.0.1:$port/webhooks/stripe" --server-pid "$pid" --postgres-pid "$postmaster" --round "$round" \
    --out "$results_dir/latest-ceiling-http-$round.json" || die "the load generator failed against the HTTP ceiling server"
  stop "$pid"
  log "ceiling, round $round: the store alone"
  psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ceiling" -c "CREATE DATABASE ceiling"
  # shellcheck disable=SC2086 # the options are a list of JVM flags
  waited env BENCH_RUN_ID="$run_id$round" "$java" $generator_java_opts -jar bench/target/bench.jar store-ceiling \
    --jdbc-url "jdbc:postgresql://127.0.0.1:$pg_port/ceiling?user=bench" --postgres-pid "$postmaster" --round "$round" \
    --out "$results_dir/latest-ceiling-store-$round.json" || die "the store ceiling failed"
}

bench_reference() {
  local round=$1 port pid
  port=$(free_port)
  PORT=$port ENDPOINT_NAME=bench PG_URL="postgres://bench@127.0.0.1:$pg_port/reference" \
    node bench/reference/server.js >"$work/reference.log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_for_port "$port" "$pid" reference
  load reference "$port" "$pid" reference "$round"
  stop "$pid"
}

bench_ours() {
  local round=$1 port pid
  port=$(free_port)
  local in_cgroup=()
  [ -z "$memory_cgroup" ] || in_cgroup=(sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$memory_cgroup")
  log "ours: java $ours_java_opts -jar $receiver_jar serve"
  # shellcheck disable=SC2086 # the options are a list of JVM flags
  PORT=$port ENDPOINT_NAME=bench DATABASE_URL="jdbc:postgresql://127.0.0.1:$pg_port/ours?user=bench" DATA_DIR="$work/data" \
    "${in_cgroup[@]}" "$java" $ours_java_opts -jar "$receiver_jar" serve >"$work/ours.log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_for_port "$port" "$pid" ours
  wait_for_ready "$port" "$pid" ours
  load ours "$port" "$pid" ours "$round"
  if [ -n "$memory_cgroup" ] && [ -r "/proc/$pid/status" ]; then
    log "ours, round $round: peak resident memory $(awk '/^VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$pid/status") (VmHWM) in a memory cgroup limited to $BENCH_RECEIVER_MEMORY"
  elif [ -n "$memory_cgroup" ]; then
    log "ours, round $round: the receiver is gone (see the end for kills by the kernel)"
  fi
  # How well group commit grouped: rows per transaction, from the receiver's own metrics.
  curl -fsS "http://127.0.0.1:$port/observe/metrics" 2>/dev/null | awk '
    /^stripe_webhook_commit_batch_size_sum/ { sum = $2 } /^stripe_webhook_commit_batch_size_count/ { count = $2 }
    END { if (count > 0) printf "[bench] ours: %d rows in %d commits, %.1f rows per commit\n", sum, count, sum / count }' >&2 || true
  stop "$pid"
}

if [ "${BENCH_ONLY:-reference}" = reference ]; then
  log "reference: npm ci in bench/reference"
  (cd bench/reference && npm ci --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1) || { cat "$work/npm.log" >&2; die "npm ci failed"; }
fi
rm -f "$results_dir"/latest-*.json
# Each round loads both receivers with the same new events (fresh ids: the tables keep the earlier rounds' rows),
# in the order the plan gives (bench plan: the ceiling first, then the receivers alternating which goes first);
# the report compares the medians over the rounds.
plan=$("$java" -jar bench/target/bench.jar plan --rounds "$rounds" ${BENCH_ONLY:+--only "$BENCH_ONLY"}) || die "no plan"
# The plan on its own descriptor: what the loop runs must not read the rest of it from stdin.
while read -r round parts <&3; do
  for part in $parts; do
    quiet_check "$round" "$part"
    "bench_$part" "$round"
  done
done 3<<<"$plan"

# --- the comparison ---------------------------------------------------------------------------
if [ -z "${BENCH_ONLY:-}" ]; then
  environment="Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(uname -sr)."
  environment+=" PostgreSQL $("$pg/postgres" --version | awk '{print $3}') on a throwaway cluster, ${BENCH_PG_SETTINGS:+settings $BENCH_PG_SETTINGS instead of the defaults, otherwise }default settings ($pg_settings)."
  environment+=" Reference: Node.js $(node --version), $(cd bench/reference && node -p "const d = require('./package.json').dependencies; Object.entries(d).map(([k, v]) => k + ' ' + v).join(', ')")."
  environment+=" Ours: $("$java" -version 2>&1 | head -1), JVM options \`$ours_java_opts\`${BENCH_RECEIVER_MEMORY:+, in a memory cgroup limited to $BENCH_RECEIVER_MEMORY}."
  results() { ls "$results_dir"/latest-"$1"-*.json | paste -sd,; }
  "$java" -jar bench/target/bench.jar report --reference "$(results reference)" --ours "$(results ours)" \
    --ceiling "$(results ceiling)" --load "$(results load)" --environment "$environment" --out "$results_dir/latest.md"
  log "written to bench/results/latest.md"
fi
