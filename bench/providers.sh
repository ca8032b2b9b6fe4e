#!/usr/bin/env bash
# Issue 16's measurement (bench/README.md "Issue 16"): per payment provider, the time from its callback
# arriving to the order being PAID (p50/p99) and the server's CPU per attempt (opening the payment and
# taking its callback), the sandbox as the baseline. Runs payment/conformance/ProviderBench (test
# sources: it uses the providers' stand-ins) against the packaged jar, with the sandbox provider in a
# jar of its own. ATTEMPTS (1000) per provider and round, WARMUP (300), ROUNDS (2); the last round counts.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results/providers-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -DskipTests package
fi
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" >/dev/null
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/results.txt"
java -Xmx1g -Dbench.attempts="${ATTEMPTS:-1000}" -Dbench.warmup="${WARMUP:-300}" -Dbench.rounds="${ROUNDS:-2}" \
  -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" \
  dev.orderly.payment.conformance.ProviderBench 2>&1 | grep -v "^SLF4J\|WARNING" | tee -a "$out/results.txt"
echo "results in $out/results.txt"
