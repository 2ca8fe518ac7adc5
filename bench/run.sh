#!/usr/bin/env bash
# make bench: our receiver against the Node.js reference receiver, on one throwaway PostgreSQL server.
#
# 1. starts a PostgreSQL cluster (Debian's postgresql package, default settings: fsync and
#    synchronous_commit on) in a temporary directory on a free loopback port, one database per receiver;
# 2. for each receiver in turn (reference first, then ours): starts it, runs the load generator
#    (bench/target/bench.jar: warm-up, closed loop, open loop at half its peak, table check), stops it;
# 3. writes the comparison to bench/results/latest.md.
# Everything it started is stopped and the temporary directory removed on exit, also on failure.
#
# Parameters (environment): BENCH_EVENTS, BENCH_WARMUP, BENCH_CONCURRENCY, BENCH_DURATION (open loop,
# seconds), BENCH_TIMEOUT_SECONDS, BENCH_RECEIVER_JAVA_OPTS, BENCH_GENERATOR_JAVA_OPTS (e.g. to profile with
# -XX:StartFlightRecording), BENCH_RECEIVER_JAR (another build of ours),
# BENCH_ROUNDS (rounds of both, the best of each is compared), BENCH_ONLY (ours|reference: load one only).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
results_dir=$root/bench/results
receiver_java_opts=${BENCH_RECEIVER_JAVA_OPTS:--Xms1g -Xmx1g}
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

work=$(mktemp -d /tmp/stripe-bench.XXXXXX)
pids=()
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
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ ${#as_pg[@]} -eq 0 ] || chown "$pg_user" "$work"
pg_port=$(free_port)
log "PostgreSQL $("$pg/postgres" --version | awk '{print $3}') in $work/pg on 127.0.0.1:$pg_port"
(cd "$work" && "${as_pg[@]}" "$pg/initdb" -D "$work/pg" -U bench --auth=trust -E UTF8 --no-instructions >"$work/initdb.log" 2>&1) \
  || { cat "$work/initdb.log" >&2; die "initdb failed"; }
(cd "$work" && "${as_pg[@]}" "$pg/pg_ctl" start -D "$work/pg" -w -l "$work/postgres.log" \
  -o "-c port=$pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c max_connections=200 \
     -c log_checkpoints=on -c log_autovacuum_min_duration=0 -c log_timezone=UTC") >/dev/null \
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

secret=whsec_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export STRIPE_WEBHOOK_SECRET=$secret
run_id=${BENCH_RUN_ID:-$(date -u +%H%M%S)}
rounds=${BENCH_ROUNDS:-1}
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

stop() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

load() {
  local name=$1 port=$2 pid=$3 database=$4 round=$5
  log "$name, round $round: load (uptime:$(uptime | sed 's/.*load average//'))"
  # In the background and waited for, so that an interrupt reaches the trap (and stops it) at once.
  # shellcheck disable=SC2086 # the options are a list of JVM flags
  BENCH_RUN_ID=$run_id$round "$java" $generator_java_opts -jar bench/target/bench.jar run --name "$name" \
    --url "http://127.0.0.1:$port/webhooks/stripe" --jdbc-url "jdbc:postgresql://127.0.0.1:$pg_port/$database?user=bench" \
    --endpoint bench --receiver-pid "$pid" --postgres-pid "$postmaster" --out "$results_dir/latest-$name-$round.json" &
  local generator=$!
  pids+=("$generator")
  wait "$generator" || die "the load generator failed against $name"
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
  log "ours: java $receiver_java_opts -jar $receiver_jar serve"
  # shellcheck disable=SC2086 # the options are a list of JVM flags
  PORT=$port ENDPOINT_NAME=bench DATABASE_URL="jdbc:postgresql://127.0.0.1:$pg_port/ours?user=bench" DATA_DIR="$work/data" \
    "$java" $receiver_java_opts -jar "$receiver_jar" serve >"$work/ours.log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_for_port "$port" "$pid" ours
  wait_for_ready "$port" "$pid" ours
  load ours "$port" "$pid" ours "$round"
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
# Each round loads the reference, then ours, with the same new events (fresh ids: the tables keep the
# earlier rounds' rows); the report compares the best round of each, the least disturbed by other work.
for round in $(seq 1 "$rounds"); do
  if [ "${BENCH_ONLY:-reference}" = reference ]; then bench_reference "$round"; fi
  if [ "${BENCH_ONLY:-ours}" = ours ]; then bench_ours "$round"; fi
done

# --- the comparison ---------------------------------------------------------------------------
if [ -z "${BENCH_ONLY:-}" ]; then
  environment="Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(uname -sr)."
  environment+=" PostgreSQL $("$pg/postgres" --version | awk '{print $3}') on a throwaway cluster, default settings ($pg_settings)."
  environment+=" Reference: Node.js $(node --version), $(cd bench/reference && node -p "const d = require('./package.json').dependencies; Object.entries(d).map(([k, v]) => k + ' ' + v).join(', ')")."
  environment+=" Ours: $("$java" -version 2>&1 | head -1), JVM options \`$receiver_java_opts\`."
  "$java" -jar bench/target/bench.jar report --reference "$(ls "$results_dir"/latest-reference-*.json | paste -sd,)" \
    --ours "$(ls "$results_dir"/latest-ours-*.json | paste -sd,)" \
    --environment "$environment" --out "$results_dir/latest.md"
  log "written to bench/results/latest.md"
fi
