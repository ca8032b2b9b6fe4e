#!/usr/bin/env bash
# Orderly performance benchmark: orders placed per second over HTTP, how fast orders whose
# payment deadlines pass are cancelled (all due in the same second, and spread out), and how fast
# notifications go out as signed webhooks to a local receiver, on the embedded H2 database and on
# PostgreSQL (when 127.0.0.1:5432 answers); with the peak memory of each process under test. See
# bench/README.md.
#
#   bench/run.sh            full run (about 55 minutes on 2 cores, notify ~22 of them)
#   bench/run.sh quick      one short pass of the default scenarios (about 12 minutes), to check the bench works
#
# Scenarios (SCENARIOS, space-separated): placement (HTTP, the jar as server), ceiling (the same rows
# written by a bare JDBC loop), deadline (burst and spread), notify; not by default: hot (every worker
# orders the same product, then an oversell check), two (PostgreSQL only: two servers on one database,
# the workers split between them), floor (the placement request refused with 400 before any database
# statement: what the web stack alone costs per request).
# Every server and in-process bench JVM runs with -Xmx512m (before JAVA_OPTS, which can override it);
# each reports its peak RSS (VmHWM) as a "RESULT kind=rss" line.
#
# Knobs (environment, defaults in brackets):
#   DBS ["h2 pg"]  SCENARIOS ["placement ceiling deadline notify"]  RUNS [3]  CONCURRENCY ["8,16,32"]
#   WARMUP [5] DURATION [20] (placement, ceiling, hot, two: seconds per level)  INITIAL_WARMUP [15]
#   (seconds at the highest concurrency before the first level, unmeasured)
#   ORDERS [10000]  ROUNDS [3]  PG_BIG_ORDERS [100000]
#   PG_BIG_ROUNDS [3]  SPREAD_ORDERS [2000]  SPREAD_SECONDS [20]  SPREAD_ROUNDS [3]
#   PG_HUGE_ORDERS [0] PG_HUGE_ROUNDS [1]  burst of that many orders due at once on PostgreSQL, bulk-written
#                   (DeadlineBench --bench.bulk-load); a full run uses 1000000 (give BENCH_TIMEOUT room)
#   BULK_LOAD [0]   1 = the PostgreSQL 10k/100k bursts are bulk-written too (same preparation as the huge one)
#   PRELOAD_ORDERS [0]  old orders written into the PostgreSQL database before placement (the
#                   documented size is 10000000: about 10-20 min of writing; give BENCH_TIMEOUT room)
#   CEILING_IDEMPOTENCY [1]  1 = the ceiling also writes an idempotency_keys row per order (the HTTP
#                   placement bench sends no Idempotency-Key, so 0 compares like for like)
#   SEARCH_ORDERS [1000000] SEARCH_SAMPLES [200]  scenario search (PostgreSQL): orders bulk-loaded, then
#                   each list's first and hundredth page timed that many times (SearchBench)
#   NOTIFY_ORDERS [10000] NOTIFY_ROUNDS [3] (expiry bursts)  DRAIN [10000] DRAIN_ROUNDS [3] (relay alone)
#   STEADY_RATES ["100,200"] STEADY_SECONDS [20] (changes per second, open loop)
#   APP_PROPS [""]  extra --key=value Spring properties for the server under test, e.g.
#                   "--orderly.timers.payment-deadline.batch-size=1000 --orderly.timers.payment-deadline.workers=4"
#   JAVA_OPTS [""]  extra JVM options for the server under test (e.g. a JFR recording)
#   BUILD_NICE [0]  niceness of the build (mvn) only, e.g. 19 when others share the machine
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
SCENARIOS=${SCENARIOS:-placement ceiling deadline notify}
RUNS=${RUNS:-3}
CONCURRENCY=${CONCURRENCY:-8,16,32}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-20}
INITIAL_WARMUP=${INITIAL_WARMUP:-15}
ORDERS=${ORDERS:-10000}
ROUNDS=${ROUNDS:-3}
PG_BIG_ORDERS=${PG_BIG_ORDERS:-100000}
PG_BIG_ROUNDS=${PG_BIG_ROUNDS:-3}
PG_HUGE_ORDERS=${PG_HUGE_ORDERS:-0}
PG_HUGE_ROUNDS=${PG_HUGE_ROUNDS:-1}
BULK_LOAD=${BULK_LOAD:-0}
PRELOAD_ORDERS=${PRELOAD_ORDERS:-0}
SEARCH_ORDERS=${SEARCH_ORDERS:-1000000}
SEARCH_SAMPLES=${SEARCH_SAMPLES:-200}
CEILING_IDEMPOTENCY=${CEILING_IDEMPOTENCY:-1}
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

# the process under test: every JVM of the application gets this heap limit (JAVA_OPTS comes after it)
HEAP=-Xmx512m
SERVER_PIDS=()
PG_DATABASES=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
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
  (cd "$SRC" && nice -n "${BUILD_NICE:-0}" timeout 900 mvn -B -q -Pbench package -Dmaven.test.skip=true \
     && nice -n "${BUILD_NICE:-0}" timeout 300 mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/cp.txt") \
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
# sets DB_PROPS to the datasource arguments for one database: h2 (a fresh file) or pg (a fresh
# database, whose JDBC URL is also in DB_URL)
DB_PROPS=
DB_URL=
db_props() {
  if [[ "$1" == h2 ]]; then
    local dir="$WORK/h2/$2"
    rm -rf "$dir"
    mkdir -p "$dir"
    DB_PROPS="--orderly.data-dir=$dir"
    DB_URL=
  else
    local name="orderly_bench_$$_${#PG_DATABASES[@]}"
    psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qAtc "CREATE DATABASE $name" >/dev/null
    PG_DATABASES+=("$name")
    DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$name?reWriteBatchedInserts=true"
    DB_PROPS="--spring.datasource.url=$DB_URL --spring.datasource.username=postgres --spring.datasource.password="
  fi
}

# ---- the real jar as a server: started on DB_PROPS, stopped after its peak RSS is recorded ----
PORT=
# start_server LOG LIMIT: starts one server (its timeout wrapper joins SERVER_PIDS), sets PORT when it listens
start_server() {
  local slog=$1 limit=$2 pid
  # shellcheck disable=SC2086
  timeout "$limit" java $HEAP $JAVA_OPTS -jar "$JAR" --server.port=0 $COMMON_PROPS $DB_PROPS $APP_PROPS > "$slog" 2>&1 &
  pid=$!
  SERVER_PIDS+=("$pid")
  PORT=
  for _ in $(seq 1 240); do
    PORT=$(grep -oE 'Tomcat started on port [0-9]+' "$slog" | grep -oE '[0-9]+$' || true)
    [[ -n "$PORT" ]] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  tail -40 "$slog"
  log "server did not start"
  return 1
}
# stop_servers SCENARIO DB RUN: reads each server JVM's VmHWM (peak RSS) just before stopping it
stop_servers() {
  local i=0 pid jvm mb
  for pid in "${SERVER_PIDS[@]}"; do
    i=$((i + 1))
    jvm=$(pgrep -P "$pid" -x java | head -1 || true)
    mb=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/${jvm:-$pid}/status" 2>/dev/null || true)
    echo "RESULT kind=rss scenario=$1 db=$2 run=$3 instance=$i rss_peak_mb=${mb:--1}" | tee -a "$RESULTS"
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${SERVER_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=()
}
finish_db() {
  [[ "$1" == pg ]] && drop_pg_db "${PG_DATABASES[-1]}"
  return 0
}

# ---- placement over HTTP: the real jar, a separate load generator process ----
# placement DB RUN [MODE]: MODE hot = every worker orders the same product, then the oversell check;
# two = two servers on the one database, the workers split between them
placement() {
  local db=$1 run=$2 mode=${3:-} preload=0 name=placement
  [[ -n "$mode" ]] && name=$mode
  [[ "$db" == pg && -z "$mode" ]] && preload=$PRELOAD_ORDERS
  db_props "$db" "$name-$run"
  # old orders are written while the server idles: up to ~5,000/s on 2 cores, then ANALYZE and CHECKPOINT
  local extra=$(( preload / 2000 ))
  start_server "$OUT/server-$name-$db-$run.log" $(( 900 + extra )) || { stop_servers "$name" "$db" "$run"; finish_db "$db"; return 1; }
  local urls="http://127.0.0.1:$PORT"
  if [[ "$mode" == two ]]; then
    # one after the other: the first has migrated the schema, the second finds it up to date
    start_server "$OUT/server-$name-$db-$run-2.log" 900 || { stop_servers "$name" "$db" "$run"; finish_db "$db"; return 1; }
    urls="$urls,http://127.0.0.1:$PORT"
  fi
  log "$name $db run $run: server(s) on $urls, preload $preload, load $(cut -d' ' -f1 /proc/loadavg)"
  local limit=$(( (INITIAL_WARMUP + WARMUP + DURATION) * 4 + 300 + extra ))
  local args=(url="$urls" admin=$ADMIN db="$db" run="$run" concurrency="$CONCURRENCY" warmup="$WARMUP"
    duration="$DURATION" initial-warmup="$INITIAL_WARMUP" cpu-cmd="$ROOT/bench/cpu.sh ${SERVER_PIDS[*]}")
  (( preload > 0 )) && args+=(preload="$preload" db-url="$DB_URL" db-user=postgres)
  [[ "$mode" == hot ]] && args+=(hot=true)
  [[ "$mode" == floor ]] && args+=(floor=true)
  timeout "$limit" java -Xmx1g -cp "$CP" dev.orderly.bench.PlacementLoad "${args[@]}" \
    | tee -a "$OUT/$name-$db.log" | grep -E '^(RESULT|HOT)' | sed -n '/^RESULT/p' | tee -a "$RESULTS" \
    || log "$name $db run $run failed"
  curl -s "http://127.0.0.1:$PORT/actuator/prometheus" | grep -E '^orderly_orders_placed_total' >> "$OUT/$name-$db.log" || true
  stop_servers "$name" "$db" "$run"
  if [[ "$mode" == hot ]]; then
    # the stock as the database has it once nothing is in flight (the H2 file is free again)
    local hot_line
    hot_line=$(grep "^HOT kind=hot db=$db run=$run " "$OUT/$name-$db.log" | tail -1 || true)
    if [[ -n "$hot_line" ]]; then
      # shellcheck disable=SC2086
      java -cp "$CP" dev.orderly.bench.StockCheck $DB_PROPS ${hot_line#HOT } | tee -a "$RESULTS" \
        || log "hot $db run $run: stock check failed"
    fi
  fi
  finish_db "$db"
}

# ---- placement ceiling: the same rows by a bare JDBC loop, in process (PlacementCeiling) ----
ceiling() {
  local db=$1 run=$2
  db_props "$db" "ceiling-$run"
  log "ceiling $db run $run: load $(cut -d' ' -f1 /proc/loadavg)"
  local limit=$(( (INITIAL_WARMUP + WARMUP + DURATION) * 4 + 600 ))
  # shellcheck disable=SC2086
  timeout "$limit" java $HEAP $JAVA_OPTS -cp "$CP" dev.orderly.bench.PlacementCeiling $COMMON_PROPS $DB_PROPS $APP_PROPS \
    --bench.db="$db" --bench.run="$run" --bench.concurrency="$CONCURRENCY" --bench.warmup="$WARMUP" \
    --bench.duration="$DURATION" --bench.initial-warmup="$INITIAL_WARMUP" \
    --bench.idempotency="$([[ "$CEILING_IDEMPOTENCY" == 1 ]] && echo true || echo false)" \
    --bench.cpu-script="$ROOT/bench/cpu.sh" \
    2>&1 | tee -a "$OUT/ceiling-$db.log" | grep -E '^RESULT' | tee -a "$RESULTS" || log "ceiling $db run $run failed"
  finish_db "$db"
}

# ---- deadline closing: the application in process with the driver (DeadlineBench) ----
# deadline DB TAG ORDERS ROUNDS SPREAD [bulk]: bulk = the burst's orders are bulk-written (PostgreSQL)
deadline() {
  local db=$1 tag=$2 orders=$3 rounds=$4 spread=$5 bulk=${6:-}
  db_props "$db" "deadline-$tag"
  log "deadline $db $tag: $rounds x $orders due in the same second${bulk:+ (bulk-written)}, $SPREAD_ROUNDS x $spread spread over ${SPREAD_SECONDS}s, load $(cut -d' ' -f1 /proc/loadavg)"
  local limit=$(( 600 + rounds * (orders / 40 + 120) + SPREAD_ROUNDS * (SPREAD_SECONDS + 120) ))
  [[ -n "$bulk" ]] && limit=$(( 600 + rounds * (orders / 200 + 300) + SPREAD_ROUNDS * (SPREAD_SECONDS + 120) ))
  # shellcheck disable=SC2086
  timeout "$limit" java $HEAP $JAVA_OPTS -cp "$CP" dev.orderly.bench.DeadlineBench $COMMON_PROPS $DB_PROPS $APP_PROPS \
    --bench.db="$db" --bench.orders="$orders" --bench.rounds="$rounds" --bench.spread-orders="$spread" \
    --bench.bulk-load="$([[ -n "$bulk" ]] && echo true || echo false)" \
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
  timeout "$limit" java $HEAP $JAVA_OPTS -cp "$CP" dev.orderly.bench.NotificationBench $COMMON_PROPS $DB_PROPS $APP_PROPS \
    --bench.db="$db" --bench.orders="$NOTIFY_ORDERS" --bench.rounds="$NOTIFY_ROUNDS" \
    --bench.drain-notifications="$DRAIN" --bench.drain-rounds="$DRAIN_ROUNDS" \
    --bench.steady-rates="$STEADY_RATES" --bench.steady-seconds="$STEADY_SECONDS" \
    --bench.cpu-script="$ROOT/bench/cpu.sh" \
    2>&1 | tee -a "$OUT/notify-$db.log" | grep -E '^(RESULT|WARMUP)' | tee -a "$RESULTS" \
    || log "notify $db failed"
  [[ "$db" == pg ]] && drop_pg_db "${PG_DATABASES[-1]}"
  return 0
}

# ---- lists and search with a big table: the real jar on PostgreSQL, SearchBench bulk-loads and reads ----
search() {
  local db=$1
  if [[ "$db" != pg ]]; then
    log "search: PostgreSQL only (bulk loading), skipped on $db"
    return 0
  fi
  db_props "$db" "search"
  start_server "$OUT/server-search-$db.log" $(( 1800 + SEARCH_ORDERS / 1000 )) || { stop_servers search "$db" 1; finish_db "$db"; return 1; }
  log "search $db: $SEARCH_ORDERS orders bulk-loaded, $SEARCH_SAMPLES samples per page, load $(cut -d' ' -f1 /proc/loadavg)"
  timeout $(( 1500 + SEARCH_ORDERS / 1000 )) java -Xmx1g -cp "$CP" dev.orderly.bench.SearchBench url="http://127.0.0.1:$PORT" \
    admin=$ADMIN orders="$SEARCH_ORDERS" samples="$SEARCH_SAMPLES" db-url="$DB_URL" db-user=postgres \
    2>&1 | tee -a "$OUT/search-$db.log" | grep -E '^RESULT' | tee -a "$RESULTS" || log "search $db failed"
  stop_servers search "$db" 1
  finish_db "$db"
}

has() { [[ " $SCENARIOS " == *" $1 "* ]]; }
for db in $DBS; do
  [[ "$db" == pg && $PG == 0 ]] && continue
  if has placement; then
    for run in $(seq 1 "$RUNS"); do
      placement "$db" "$run" || true
    done
  fi
  if has ceiling; then
    for run in $(seq 1 "$RUNS"); do
      ceiling "$db" "$run"
    done
  fi
  if has hot; then
    for run in $(seq 1 "$RUNS"); do
      placement "$db" "$run" hot || true
    done
  fi
  if has floor; then
    for run in $(seq 1 "$RUNS"); do
      placement "$db" "$run" floor || true
    done
  fi
  if has two; then
    if [[ "$db" == pg ]]; then
      for run in $(seq 1 "$RUNS"); do
        placement "$db" "$run" two || true
      done
    else
      log "two: PostgreSQL only (an H2 file belongs to one process), skipped on $db"
    fi
  fi
  if has deadline; then
    bulk=
    [[ "$db" == pg && "$BULK_LOAD" == 1 ]] && bulk=bulk
    deadline "$db" "10k" "$ORDERS" "$ROUNDS" "$SPREAD_ORDERS" $bulk
    if [[ "$db" == pg && "$PG_BIG_ORDERS" -gt 0 ]]; then
      deadline "$db" "100k" "$PG_BIG_ORDERS" "$PG_BIG_ROUNDS" 0 $bulk
    fi
    if [[ "$db" == pg && "$PG_HUGE_ORDERS" -gt 0 ]]; then
      deadline "$db" "huge" "$PG_HUGE_ORDERS" "$PG_HUGE_ROUNDS" 0 bulk
    fi
  fi
  if has notify; then
    notify "$db"
  fi
  if has search; then
    search "$db" || true
  fi
done
machine

java -cp "$CP" dev.orderly.bench.BenchSummary "$RESULTS" "$OUT/env.txt" | tee "$OUT/summary.md"
