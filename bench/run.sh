#!/usr/bin/env bash
# Orderly performance benchmark: orders placed per second over HTTP, how fast orders whose
# payment deadlines pass are cancelled (all due in the same second, and spread out), and how fast
# notifications go out as signed webhooks to a local receiver, on the embedded H2 database and on
# PostgreSQL (when 127.0.0.1:5432 answers). See bench/README.md.
#
#   bench/run.sh            full run (about 25-35 minutes on 2 cores)
#   bench/run.sh quick      one short pass of everything (about 6 minutes), to check the bench works
#
# Knobs (environment, defaults in brackets):
#   DBS ["h2 pg"]  SCENARIOS ["placement deadline notify"]  RUNS [3]  CONCURRENCY ["8,16,32"]
#   WARMUP [5] DURATION [20] (placement seconds)  ORDERS [10000]  ROUNDS [3]  PG_BIG_ORDERS [100000]
#   PG_BIG_ROUNDS [3]  SPREAD_ORDERS [2000]  SPREAD_SECONDS [20]  SPREAD_ROUNDS [3]
#   NOTIFY_ORDERS [10000] NOTIFY_ROUNDS [3] (expiry bursts)  DRAIN [10000] DRAIN_ROUNDS [3] (relay alone)
#   STEADY_RATES ["100,200"] STEADY_SECONDS [20] (changes per second, open loop)
#   APP_PROPS [""]  extra --key=value Spring properties for the server under test, e.g.
#                   "--orderly.timers.payment-deadline.batch-size=1000 --orderly.timers.payment-deadline.workers=4"
#   JAVA_OPTS [""]  extra JVM options for the server under test (e.g. a JFR recording)
#   BENCH_TIMEOUT [5400]  hard limit in seconds for the whole script; children are killed with it
#   BENCH_IN_PLACE [0]  1 = build in the working tree itself instead of a snapshot copy
#   SKIP_BUILD [0]  1 = reuse the build of the previous run in BENCH_WORK
#   BENCH_WORK [mktemp]  scratch directory (snapshot build, H2 files)
# Results: bench/results/<UTC time>/results.txt (RESULT lines), summary.md (medians), logs.
set -euo pipefail

if [[ -z "${BENCH_UNDER_TIMEOUT:-}" ]]; then
  # timeout makes its own process group and signals all of it: nothing outlives the limit
  export BENCH_UNDER_TIMEOUT=1
  exec timeout --kill-after=20 "${BENCH_TIMEOUT:-5400}" bash "$0" "$@"
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUICK=0
[[ "${1:-}" == "quick" ]] && QUICK=1
if (( QUICK )); then
  : "${RUNS:=1}" "${CONCURRENCY:=16}" "${WARMUP:=3}" "${DURATION:=8}" "${ORDERS:=10000}" "${ROUNDS:=1}"
  : "${PG_BIG_ORDERS:=0}" "${SPREAD_ORDERS:=500}" "${SPREAD_SECONDS:=5}" "${SPREAD_ROUNDS:=1}"
  : "${NOTIFY_ORDERS:=3000}" "${NOTIFY_ROUNDS:=1}" "${DRAIN:=5000}" "${DRAIN_ROUNDS:=1}" "${STEADY_SECONDS:=5}"
fi
DBS=${DBS:-h2 pg}
SCENARIOS=${SCENARIOS:-placement deadline notify}
RUNS=${RUNS:-3}
CONCURRENCY=${CONCURRENCY:-8,16,32}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-20}
ORDERS=${ORDERS:-10000}
ROUNDS=${ROUNDS:-3}
PG_BIG_ORDERS=${PG_BIG_ORDERS:-100000}
PG_BIG_ROUNDS=${PG_BIG_ROUNDS:-3}
SPREAD_ORDERS=${SPREAD_ORDERS:-2000}
SPREAD_SECONDS=${SPREAD_SECONDS:-20}
SPREAD_ROUNDS=${SPREAD_ROUNDS:-3}
NOTIFY_ORDERS=${NOTIFY_ORDERS:-10000}
NOTIFY_ROUNDS=${NOTIFY_ROUNDS:-3}
DRAIN=${DRAIN:-10000}
DRAIN_ROUNDS=${DRAIN_ROUNDS:-3}
STEADY_RATES=${STEADY_RATES:-100,200}
STEADY_SECONDS=${STEADY_SECONDS:-20}
APP_PROPS=${APP_PROPS:-}
JAVA_OPTS=${JAVA_OPTS:-}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/orderly-bench.XXXXXX)}
mkdir -p "$WORK"
OUT=$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: > "$RESULTS"
ADMIN=bench-admin-token-local
PG_HOST=127.0.0.1
PG_PORT=5432
# the anti-hoarding rules would refuse a bench buyer's 6th unpaid order and restrict it after 3 expiries
COMMON_PROPS="--server.address=127.0.0.1 --orderly.mode=production --orderly.admin-token=$ADMIN \
 --orderly.restrictions.max-unpaid-orders=1000000000 --orderly.restrictions.max-expired=1000000000"

SERVER_PID=
PG_DATABASES=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  for d in "${PG_DATABASES[@]}"; do
    psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qAtc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
  [[ -z "${BENCH_WORK:-}" ]] && rm -rf "$WORK/h2"
  echo "results: $OUT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }

machine() {
  log "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ---- build: a snapshot of the working tree, so concurrent edits and builds do not disturb the run ----
SRC=$ROOT
if [[ "${BENCH_IN_PLACE:-0}" != 1 ]]; then
  SRC=$WORK/src
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  if [[ "$SRC" != "$ROOT" ]]; then
    mkdir -p "$SRC"
    rsync -a --delete --exclude target --exclude data --exclude .git --exclude bench/results "$ROOT"/ "$SRC"/
  fi
  log "building in $SRC"
  # the jar, and the bench's own classes (bench/src/main/java, profile "bench") in target/bench-classes;
  # the tests are neither compiled nor run
  (cd "$SRC" && timeout 900 mvn -B -q -Pbench package -Dmaven.test.skip=true \
     && timeout 300 mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/cp.txt") \
     > "$OUT/build.log" 2>&1 || { tail -50 "$OUT/build.log"; log "build failed"; exit 1; }
fi
JAR=$SRC/target/orderly.jar
CP=$SRC/target/bench-classes:$SRC/target/classes:$(cat "$WORK/cp.txt")
JDK=$(java -version 2>&1 | head -2 | tail -1)
log "JDK: $JDK"
echo "JDK $JDK" > "$OUT/env.txt"
echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) (+ working tree)" >> "$OUT/env.txt"
machine

# ---- PostgreSQL ----
pg_ok() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qAtc 'SELECT 1' >/dev/null 2>&1; }
PG=0
if [[ " $DBS " == *" pg "* ]]; then
  if ! pg_ok && command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    sleep 2
  fi
  if pg_ok; then
    PG=1
    log "PostgreSQL: $(psql -h "$PG_HOST" -U postgres -qAtc 'SHOW server_version')"
  else
    log "PostgreSQL not reachable on $PG_HOST:$PG_PORT: PostgreSQL scenarios skipped"
  fi
fi
drop_pg_db() {
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qAtc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1 || true
}
# sets DB_PROPS to the datasource arguments for one database: h2 (a fresh file) or pg (a fresh database)
DB_PROPS=
db_props() {
  if [[ "$1" == h2 ]]; then
    local dir="$WORK/h2/$2"
    rm -rf "$dir"
    mkdir -p "$dir"
    DB_PROPS="--orderly.data-dir=$dir"
  else
    local name="orderly_bench_$$_${#PG_DATABASES[@]}"
    psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qAtc "CREATE DATABASE $name" >/dev/null
    PG_DATABASES+=("$name")
    DB_PROPS="--spring.datasource.url=jdbc:postgresql://$PG_HOST:$PG_PORT/$name?reWriteBatchedInserts=true \
 --spring.datasource.username=postgres --spring.datasource.password="
  fi
}

# ---- placement over HTTP: the real jar, a separate load generator process ----
placement() {
  local db=$1 run=$2 port
  db_props "$db" "placement-$run"
  local slog="$OUT/server-$db-$run.log"
  # shellcheck disable=SC2086
  timeout 900 java $JAVA_OPTS -jar "$JAR" --server.port=0 $COMMON_PROPS $DB_PROPS $APP_PROPS > "$slog" 2>&1 &
  SERVER_PID=$!
  port=
  for _ in $(seq 1 240); do
    port=$(grep -oE 'Tomcat started on port [0-9]+' "$slog" | grep -oE '[0-9]+$' || true)
    [[ -n "$port" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  if [[ -z "$port" ]]; then
    tail -40 "$slog"
    log "server did not start"
    return 1
  fi
  log "placement $db run $run: server on 127.0.0.1:$port, load $(cut -d' ' -f1 /proc/loadavg)"
  local limit=$(( (WARMUP + DURATION) * 4 + 300 ))
  timeout "$limit" java -Xmx1g -cp "$CP" dev.orderly.bench.PlacementLoad url="http://127.0.0.1:$port" admin=$ADMIN \
    db="$db" run="$run" concurrency="$CONCURRENCY" warmup="$WARMUP" duration="$DURATION" \
    cpu-cmd="$ROOT/bench/cpu.sh $SERVER_PID" \
    | tee -a "$OUT/placement-$db.log" | grep '^RESULT' | tee -a "$RESULTS" || log "placement $db run $run failed"
  curl -s "http://127.0.0.1:$port/actuator/prometheus" | grep -E '^orderly_orders_placed_total' >> "$OUT/placement-$db.log" || true
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
  [[ "$db" == pg ]] && drop_pg_db "${PG_DATABASES[-1]}"
  return 0
}

# ---- deadline closing: the application in process with the driver (DeadlineBench) ----
deadline() {
  local db=$1 tag=$2 orders=$3 rounds=$4 spread=$5
  db_props "$db" "deadline-$tag"
  log "deadline $db $tag: $rounds x $orders due in the same second, $SPREAD_ROUNDS x $spread spread over ${SPREAD_SECONDS}s, load $(cut -d' ' -f1 /proc/loadavg)"
  local limit=$(( 600 + rounds * (orders / 40 + 120) + SPREAD_ROUNDS * (SPREAD_SECONDS + 120) ))
  # shellcheck disable=SC2086
  timeout "$limit" java $JAVA_OPTS -cp "$CP" dev.orderly.bench.DeadlineBench $COMMON_PROPS $DB_PROPS $APP_PROPS \
    --bench.db="$db" --bench.orders="$orders" --bench.rounds="$rounds" --bench.spread-orders="$spread" \
    --bench.spread-seconds="$SPREAD_SECONDS" --bench.spread-rounds="$SPREAD_ROUNDS" \
    2>&1 | tee -a "$OUT/deadline-$db-$tag.log" | grep -E '^(RESULT|WARMUP)' | tee -a "$RESULTS" \
    || log "deadline $db $tag failed"
  [[ "$db" == pg ]] && drop_pg_db "${PG_DATABASES[-1]}"
  return 0
}

# ---- notifications: the application in process with a webhook receiver and the driver (NotificationBench) ----
notify() {
  local db=$1
  db_props "$db" "notify"
  log "notify $db: $NOTIFY_ROUNDS x $NOTIFY_ORDERS expiries, $DRAIN_ROUNDS x $DRAIN due at once, steady $STEADY_RATES/s for ${STEADY_SECONDS}s, load $(cut -d' ' -f1 /proc/loadavg)"
  local limit=$(( 900 + NOTIFY_ROUNDS * (NOTIFY_ORDERS / 40 + 120) + DRAIN_ROUNDS * (DRAIN / 40 + 120) + 4 * (STEADY_SECONDS + 120) ))
  # shellcheck disable=SC2086
  timeout "$limit" java $JAVA_OPTS -cp "$CP" dev.orderly.bench.NotificationBench $COMMON_PROPS $DB_PROPS $APP_PROPS \
    --bench.db="$db" --bench.orders="$NOTIFY_ORDERS" --bench.rounds="$NOTIFY_ROUNDS" \
    --bench.drain-notifications="$DRAIN" --bench.drain-rounds="$DRAIN_ROUNDS" \
    --bench.steady-rates="$STEADY_RATES" --bench.steady-seconds="$STEADY_SECONDS" \
    2>&1 | tee -a "$OUT/notify-$db.log" | grep -E '^(RESULT|WARMUP)' | tee -a "$RESULTS" \
    || log "notify $db failed"
  [[ "$db" == pg ]] && drop_pg_db "${PG_DATABASES[-1]}"
  return 0
}

for db in $DBS; do
  [[ "$db" == pg && $PG == 0 ]] && continue
  if [[ " $SCENARIOS " == *" placement "* ]]; then
    for run in $(seq 1 "$RUNS"); do
      placement "$db" "$run"
    done
  fi
  if [[ " $SCENARIOS " == *" deadline "* ]]; then
    deadline "$db" "10k" "$ORDERS" "$ROUNDS" "$SPREAD_ORDERS"
    if [[ "$db" == pg && "$PG_BIG_ORDERS" -gt 0 ]]; then
      deadline "$db" "100k" "$PG_BIG_ORDERS" "$PG_BIG_ROUNDS" 0
    fi
  fi
  if [[ " $SCENARIOS " == *" notify "* ]]; then
    notify "$db"
  fi
done
machine

java -cp "$CP" dev.orderly.bench.BenchSummary "$RESULTS" "$OUT/env.txt" | tee "$OUT/summary.md"
