package dev.orderly.sandbox.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.common.ConditionalOnSandbox;
import dev.orderly.sandbox.SandboxCallbacks;
import dev.orderly.sandbox.SandboxConditions;
import dev.orderly.sandbox.SandboxConditions.MethodState;
import dev.orderly.sandbox.SandboxConditions.Settings;
import dev.orderly.sandbox.SandboxError;
import dev.orderly.sandbox.SandboxLedger;
import dev.orderly.sandbox.SandboxLedger.FailureCode;
import dev.orderly.sandbox.SandboxLedger.Payment;
import dev.orderly.sandbox.SandboxLedger.Status;
import dev.orderly.sandbox.web.SandboxProvider.PaymentView;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The buyer's side of the sandbox provider: the hosted pay page and the buyer paying or being
 * declined ({@code succeed}, {@code fail}), which need no key, as at a real provider's page. They
 * exist in demo mode only: in production anyone holding a payment reference could otherwise mark
 * an order paid.
 */
@Tag(name = "Sandbox provider", description = "The built-in payment provider for demo and tests (docs/sandbox.md): merchant calls with X-Sandbox-Key, and in demo mode the buyer's pay page and actions.")
@RestController
@RequestMapping("/sandbox/v1/payments")
@ConditionalOnSandbox(buyerActions = true)
class SandboxBuyerActions {
  private static final Set<FailureCode> BUYER_FAILURE_CODES = Set.of(FailureCode.DECLINED, FailureCode.INSUFFICIENT_FUNDS);

  private final SandboxLedger ledger;
  private final SandboxConditions conditions;
  private final SandboxCallbacks callbacks;
  private final SandboxProvider provider;

  SandboxBuyerActions(SandboxLedger ledger, SandboxConditions conditions, SandboxCallbacks callbacks,
      SandboxProvider provider) {
    this.ledger = ledger;
    this.conditions = conditions;
    this.callbacks = callbacks;
    this.provider = provider;
  }

  /** What the buyer's action asks of its callbacks; members left out come from the settings. */
  /**
   * How the provider reports the buyer's action; {@code paidBeforeExpiry}: the buyer acted before the
   * payment expired and the provider settles it only now (a late payment, as when a close or an
   * expiry crosses the buyer's payment), so the expiry does not refuse it.
   */
  record BuyerAction(@Nullable String callbackDelay, @Nullable Integer duplicateCallbacks,
      @Nullable Boolean reorderCallbacks, @Nullable Boolean dropCallbacks, @Nullable String failureCode,
      @Nullable Boolean paidBeforeExpiry) {}

  /** The buyer pays; while the method is FAILING the provider fails it instead. */
  @Operation(operationId = "sandboxPay", summary = "Pay (the buyer, demo mode)",
      description = "The buyer pays at the provider; the provider then calls Orderly back, signed. Demo mode only.")
  @PostMapping("/{reference}/succeed")
  PaymentView succeed(@PathVariable String reference, @RequestBody(required = false) BuyerAction action) {
    SandboxError.require(action == null || action.failureCode() == null);
    Settings how = callbackSettings(action);
    Payment payment = provider.payment(reference);
    conditions.refuseIfDown(payment.method());
    boolean late = action != null && Boolean.TRUE.equals(action.paidBeforeExpiry());
    return conditions.isFailing(payment.method())
        ? end(payment, Status.FAILED, FailureCode.PROVIDER_ERROR, how, late)
        : end(payment, Status.SUCCEEDED, null, how, late);
  }

  /** The buyer's payment is declined, by default as DECLINED. */
  @Operation(operationId = "sandboxDecline", summary = "Decline (the buyer, demo mode)",
      description = "The buyer's payment is declined (DECLINED or INSUFFICIENT_FUNDS). Demo mode only.")
  @PostMapping("/{reference}/fail")
  PaymentView fail(@PathVariable String reference, @RequestBody(required = false) BuyerAction action) {
    FailureCode failureCode = action == null || action.failureCode() == null ? FailureCode.DECLINED
        : buyerFailureCode(action.failureCode());
    Settings how = callbackSettings(action);
    Payment payment = provider.payment(reference);
    conditions.refuseIfDown(payment.method());
    return end(payment, Status.FAILED, failureCode, how, false);
  }

  /** DECLINED or INSUFFICIENT_FUNDS: a buyer cannot make the provider fail. */
  private static FailureCode buyerFailureCode(String name) {
    FailureCode code = Arrays.stream(FailureCode.values()).filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(SandboxError::invalidRequest);
    SandboxError.require(BUYER_FAILURE_CODES.contains(code));
    return code;
  }

  /**
   * Ends the payment as the buyer did; a buyer too late for a pending payment finds it closed instead
   * (and Orderly is told), and is refused with {@code TRADE_EXPIRED}.
   */
  private PaymentView end(Payment payment, Status status, @Nullable FailureCode failureCode, Settings how,
      boolean paidBeforeExpiry) {
    if (payment.status() == Status.PENDING && ledger.expired(payment) && !paidBeforeExpiry) {
      if (ledger.end(payment.reference(), Status.CLOSED, null)) {
        callbacks.paymentEnded(provider.payment(payment.reference()), how);
      }
      throw SandboxError.conflict("TRADE_EXPIRED");
    }
    if (!ledger.end(payment.reference(), status, failureCode)) {
      throw SandboxError.conflict("TRADE_HAS_" + provider.payment(payment.reference()).status());
    }
    Payment ended = provider.payment(payment.reference());
    callbacks.paymentEnded(ended, how);
    return PaymentView.of(ended);
  }

  private Settings callbackSettings(BuyerAction action) {
    Settings defaults = conditions.settings();
    if (action == null) {
      return defaults;
    }
    Duration delay = SandboxConditions.duration(action.callbackDelay(), SandboxConditions.MAX_CALLBACK_DELAY);
    Integer duplicates = SandboxConditions.duplicates(action.duplicateCallbacks());
    return new Settings(delay != null ? delay : defaults.callbackDelay(),
        duplicates != null ? duplicates : defaults.duplicateCallbacks(),
        action.reorderCallbacks() != null ? action.reorderCallbacks() : defaults.reorderCallbacks(),
        action.dropCallbacks() != null ? action.dropCallbacks() : defaults.dropCallbacks());
  }

  /** The hosted pay page a buyer is redirected to: shows the payment and lets the buyer pay or fail it. */
  @Operation(operationId = "sandboxPayPage", summary = "The hosted pay page (demo mode)",
      description = "The page a buyer is sent to, with Pay and Decline buttons. Demo mode only.")
  @GetMapping(value = "/{reference}/page", produces = "text/html")
  ResponseEntity<String> page(@PathVariable String reference) {
    Payment p = ledger.find(reference).orElseThrow(SandboxError::tradeNotExist);
    MethodState method = conditions.of(p.method());
    String html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox pay page</title>
        <style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto}button{margin-right:.5rem;padding:.5rem 1rem}</style>
        </head><body data-reference="%s"><h1>Sandbox provider</h1>
        <p>Payment <code>%s</code> by <b id="method">%s</b> (<span id="mode">%s</span>): <b id="amount">%s %s</b></p>
        <p>Status: <b id="status">%s</b> <span id="failure-code">%s</span></p>
        <p>Refunded: <span id="refunded">%s %s</span></p>
        <p><button id="pay" onclick="act('succeed')"%s>Pay</button><button id="decline" onclick="act('fail')"%s>Decline</button><button id="insufficient" onclick="act('fail',{failureCode:'INSUFFICIENT_FUNDS'})"%s>Insufficient funds</button></p>
        <p id="message" role="status"></p>
        <script>
        async function act(action, body){
          const init = body ? {method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(body)} : {method:'POST'};
          const r = await fetch('/sandbox/v1/payments/'+encodeURIComponent(document.body.dataset.reference)+'/'+action, init);
          const b = await r.json().catch(() => ({}));
          if (!r.ok) { document.getElementById('message').textContent = b.code || ('HTTP ' + r.status); return; }
          document.getElementById('status').textContent = b.status;
          document.getElementById('failure-code').textContent = b.failureCode || '';
          document.querySelectorAll('button').forEach(x => x.disabled = true);
        }
        </script></body></html>""".formatted(escape(p.reference()), escape(p.reference()), escape(p.method().name()),
        escape(method.mode().name()), escape(p.amount().amount().toPlainString()), escape(p.amount().currency()),
        escape(p.status().name()), escape(p.failureCode() == null ? "" : p.failureCode().name()),
        escape(p.refunded().amount().toPlainString()), escape(p.refunded().currency()),
        disabledUnlessPending(p), disabledUnlessPending(p), disabledUnlessPending(p));
    return ResponseEntity.ok(html);
  }

  private static String disabledUnlessPending(Payment p) {
    return p.status() == Status.PENDING ? "" : " disabled";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

}
