#!/usr/bin/env bash
# The live check of a payment provider (docs/payment-providers.md "Live check"): runs the conformance
# scenarios that a provider's real test mode allows, through Orderly's API, with the test credentials
# given in the environment. Never run by CI; needs the provider's test-mode keys and the internet.
#
#   ORDERLY_PAYMENT_PROVIDERS_STRIPE_API_KEY=sk_test_... ORDERLY_PAYMENT_PROVIDERS_STRIPE_WEBHOOK_SECRET=whsec_... \
#     scripts/provider-live-check.sh stripe
#   ORDERLY_LIVE_CHECK_PAY=1 scripts/provider-live-check.sh alipay     # also pay (you, in the sandbox app) and refund
#   scripts/provider-live-check.sh --dry-run wechatpay                   # against the local stand-in: checks the check
#
# Options in the environment: ORDERLY_LIVE_CHECK_PAY=1 (wait up to 10 minutes for you to pay the printed
# payment in the provider's test mode, then cancel and refund it), ORDERLY_LIVE_CHECK_CURRENCY (default
# USD for stripe, CNY for alipay and wechatpay). The check finds payments by asking the provider, as
# "I have paid" does: the provider's notifications cannot reach it (it runs on a random local port).
set -euo pipefail
cd "$(dirname "$0")/.."
dry=0
if [[ "${1:-}" == "--dry-run" ]]; then dry=1; shift; fi
provider=${1:-}
case "$provider" in
  stripe|alipay|wechatpay) ;;
  *) echo "usage: $0 [--dry-run] stripe|alipay|wechatpay" >&2; exit 2 ;;
esac
export ORDERLY_LIVE_CHECK=$provider ORDERLY_LIVE_CHECK_DRY_RUN=$dry
reports=target/surefire-reports/dev.orderly.payment.conformance.ProviderLiveCheck
mkdir -p target
rm -f "$reports.txt" "$reports-output.txt"   # a stale report must not pass for this run
mvn -B test -Dtest=ProviderLiveCheck -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
  > "target/live-check-$provider.log" 2>&1 || true
grep -h "LIVE-CHECK" "$reports-output.txt" 2>/dev/null || true
grep -hE "Tests run:|<<< (FAILURE|ERROR)|^[a-zA-Z.]*(Error|Exception)" "$reports.txt" 2>/dev/null | head -20 || true
if grep -qE "Tests run: 4, Failures: 0, Errors: 0, Skipped: 0" "$reports.txt" 2>/dev/null; then
  echo "live check of $provider: passed ($( [[ $dry == 1 ]] && echo 'dry run, local stand-in' || echo "the provider's test mode" ))"
else
  echo "live check of $provider: FAILED, see target/live-check-$provider.log and target/surefire-reports/" >&2
  exit 1
fi
