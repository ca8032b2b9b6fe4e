package dev.orderly.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.sandbox.SandboxConditions.MethodState;
import dev.orderly.sandbox.SandboxConditions.Settings;
import dev.orderly.sandbox.SandboxLedger.Amount;
import dev.orderly.sandbox.SandboxLedger.Payment;
import dev.orderly.sandbox.SandboxLedger.Refund;
import dev.orderly.sandbox.SandboxLedger.RefundOutcome;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox provider's payment API. Merchant calls (create, query, close, refunds) carry the
 * shared key in {@code X-Sandbox-Key}; the buyer's actions at the provider ({@code succeed},
 * {@code fail}) need none, as on a hosted pay page. Codes follow Alipay and WeChat Pay where they
 * have one ({@code TRADE_NOT_EXIST}, {@code TRADE_HAS_SUCCESS}).
 */
@RestController
@RequestMapping("/sandbox/v1/payments")
class SandboxProvider {
  private static final Set<String> BUYER_FAILURE_CODES = Set.of("DECLINED", "INSUFFICIENT_FUNDS");

  private final SandboxLedger ledger;
  private final SandboxConditions conditions;
  private final SandboxCallbacks callbacks;
  private final MerchantKey merchant;

  SandboxProvider(SandboxLedger ledger, SandboxConditions conditions, SandboxCallbacks callbacks,
      MerchantKey merchant) {
    this.ledger = ledger;
    this.conditions = conditions;
    this.callbacks = callbacks;
    this.merchant = merchant;
  }

  record CreatePayment(String merchantReference, String method, Amount amount, String callbackUrl) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PaymentView(String reference, String merchantReference, String method, Amount amount, String status,
      String failureCode, Amount refunded, String payUrl, Instant createdAt, Instant updatedAt) {
    static PaymentView of(Payment p) {
      return new PaymentView(p.reference(), p.merchantReference(), p.method(), p.amount(), p.status(),
          p.failureCode(), p.refunded(), "/sandbox/v1/payments/" + p.reference() + "/page", p.createdAt(),
          p.updatedAt());
    }
  }

  /** What the buyer's action asks of its callbacks; members left out come from the settings. */
  record BuyerAction(String callbackDelay, Integer duplicateCallbacks, Boolean reorderCallbacks,
      Boolean dropCallbacks, String failureCode) {}

  record RefundRequest(Amount amount) {}

  @PostMapping
  ResponseEntity<PaymentView> create(@RequestHeader(value = MerchantKey.HEADER, required = false) String key,
      @RequestBody(required = false) CreatePayment body) {
    merchant.check(key);
    SandboxError.require(body != null && text(body.merchantReference(), 64) && validAmount(body.amount())
        && text(body.callbackUrl(), 500) && webAddress(body.callbackUrl()));
    String method = SandboxConditions.method(body.method()).orElseThrow(SandboxError::invalidRequest).name();
    conditions.refuseIfDown(method);
    try {
      Payment payment = ledger.create(body.merchantReference(), method, body.amount(), body.callbackUrl());
      return ResponseEntity.status(HttpStatus.CREATED).body(PaymentView.of(payment));
    } finally {
      conditions.answerLate(method);
    }
  }

  @GetMapping("/{reference}")
  PaymentView query(@RequestHeader(value = MerchantKey.HEADER, required = false) String key,
      @PathVariable String reference) {
    merchant.check(key);
    Payment payment = payment(reference);
    conditions.refuseIfDown(payment.method());
    conditions.answerLate(payment.method());
    return PaymentView.of(payment(reference)); // as it is when the late answer leaves
  }

  /** Closing a paid payment is refused with TRADE_HAS_SUCCESS; closing a closed one is fine. */
  @PostMapping("/{reference}/close")
  PaymentView close(@RequestHeader(value = MerchantKey.HEADER, required = false) String key,
      @PathVariable String reference) {
    merchant.check(key);
    Payment payment = payment(reference);
    conditions.refuseIfDown(payment.method());
    try {
      ledger.end(reference, "CLOSED", null);
      Payment closed = payment(reference);
      return switch (closed.status()) {
        case "CLOSED" -> PaymentView.of(closed);
        case "SUCCEEDED" -> throw SandboxError.conflict("TRADE_HAS_SUCCESS");
        default -> throw SandboxError.conflict("TRADE_HAS_" + closed.status());
      };
    } finally {
      conditions.answerLate(payment.method());
    }
  }

  /** The buyer pays; while the method is FAILING the provider fails it instead. */
  @PostMapping("/{reference}/succeed")
  PaymentView succeed(@PathVariable String reference, @RequestBody(required = false) BuyerAction action) {
    SandboxError.require(action == null || action.failureCode() == null);
    Settings how = callbackSettings(action);
    Payment payment = payment(reference);
    conditions.refuseIfDown(payment.method());
    return conditions.isFailing(payment.method())
        ? end(payment, "FAILED", "PROVIDER_ERROR", how)
        : end(payment, "SUCCEEDED", null, how);
  }

  /** The buyer's payment is declined, by default as DECLINED. */
  @PostMapping("/{reference}/fail")
  PaymentView fail(@PathVariable String reference, @RequestBody(required = false) BuyerAction action) {
    String failureCode = action == null || action.failureCode() == null ? "DECLINED" : action.failureCode();
    SandboxError.require(BUYER_FAILURE_CODES.contains(failureCode));
    Settings how = callbackSettings(action);
    Payment payment = payment(reference);
    conditions.refuseIfDown(payment.method());
    return end(payment, "FAILED", failureCode, how);
  }

  private PaymentView end(Payment payment, String status, String failureCode, Settings how) {
    if (!ledger.end(payment.reference(), status, failureCode)) {
      throw SandboxError.conflict("TRADE_HAS_" + payment(payment.reference()).status());
    }
    Payment ended = payment(payment.reference());
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

  /**
   * Refunds part or all of a paid payment. The {@code Idempotency-Key} makes a retry safe: the same
   * key for the same payment answers 200 with the refund made the first time, and refunds nothing more.
   */
  @PostMapping("/{reference}/refunds")
  ResponseEntity<Refund> refund(@RequestHeader(value = MerchantKey.HEADER, required = false) String key,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
      @PathVariable String reference, @RequestBody(required = false) RefundRequest body) {
    merchant.check(key);
    SandboxError.require(text(idempotencyKey, 64) && body != null && validAmount(body.amount()));
    Payment payment = payment(reference);
    conditions.refuseIfDown(payment.method());
    try {
      Optional<Refund> earlier = ledger.refund(reference, idempotencyKey);
      if (earlier.isEmpty() && conditions.isFailing(payment.method())) {
        throw SandboxError.of(HttpStatus.INTERNAL_SERVER_ERROR, "REFUND_FAILED");
      }
      RefundOutcome outcome = earlier.map(r -> new RefundOutcome(r, false))
          .orElseGet(() -> ledger.refund(reference, idempotencyKey, body.amount()));
      return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.refund());
    } finally {
      conditions.answerLate(payment.method());
    }
  }

  @GetMapping("/{reference}/refunds")
  List<Refund> refunds(@RequestHeader(value = MerchantKey.HEADER, required = false) String key,
      @PathVariable String reference) {
    merchant.check(key);
    Payment payment = payment(reference);
    conditions.refuseIfDown(payment.method());
    try {
      return ledger.refunds(reference);
    } finally {
      conditions.answerLate(payment.method());
    }
  }

  /** The hosted pay page a buyer is redirected to: shows the payment and lets the buyer pay or fail it. */
  @GetMapping(value = "/{reference}/page", produces = "text/html")
  ResponseEntity<String> page(@PathVariable String reference) {
    Optional<Payment> found = ledger.find(reference);
    if (found.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body("<!doctype html><p>No such payment.</p>");
    }
    Payment p = found.get();
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
        </script></body></html>""".formatted(escape(p.reference()), escape(p.reference()), escape(p.method()),
        escape(method.mode().name()), escape(p.amount().amount().toPlainString()), escape(p.amount().currency()),
        escape(p.status()), escape(p.failureCode() == null ? "" : p.failureCode()),
        escape(p.refunded().amount().toPlainString()), escape(p.refunded().currency()),
        disabledUnlessPending(p), disabledUnlessPending(p), disabledUnlessPending(p));
    return ResponseEntity.ok(html);
  }

  private static String disabledUnlessPending(Payment p) {
    return "PENDING".equals(p.status()) ? "" : " disabled";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private Payment payment(String reference) {
    return ledger.find(reference).orElseThrow(SandboxError::tradeNotExist);
  }

  private static boolean text(String s, int maxLength) {
    return s != null && !s.isBlank() && s.length() <= maxLength;
  }

  /** Positive, in a three-letter currency, and storable as NUMERIC(19, 4). */
  private static boolean validAmount(Amount a) {
    if (a == null || a.amount() == null || a.currency() == null || !a.currency().matches("[A-Z]{3}")) {
      return false;
    }
    BigDecimal v = a.amount();
    return v.signum() > 0 && v.stripTrailingZeros().scale() <= 4 && v.precision() - v.scale() <= 15;
  }

  private static boolean webAddress(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getRawAuthority() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
