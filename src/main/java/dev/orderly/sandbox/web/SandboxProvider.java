package dev.orderly.sandbox.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.ConditionalOnSandbox;
import dev.orderly.sandbox.SandboxConditions;
import dev.orderly.sandbox.SandboxError;
import dev.orderly.sandbox.SandboxLedger;
import dev.orderly.sandbox.SandboxLedger.Amount;
import dev.orderly.sandbox.SandboxLedger.FailureCode;
import dev.orderly.sandbox.SandboxLedger.Payment;
import dev.orderly.sandbox.SandboxLedger.Refund;
import dev.orderly.sandbox.SandboxLedger.RefundOutcome;
import dev.orderly.sandbox.SandboxLedger.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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
 * The sandbox provider's merchant API (create, query, close, refunds), each call carrying the
 * shared key in {@code X-Sandbox-Key}. The buyer's side (pay page, pay, decline) is
 * {@link SandboxBuyerActions}. Codes follow Alipay and WeChat Pay where they have one
 * ({@code TRADE_NOT_EXIST}, {@code TRADE_HAS_SUCCESS}).
 */
@Tag(name = "Sandbox provider", description = "The built-in payment provider for demo and tests (docs/sandbox.md): merchant calls with X-Sandbox-Key, and in demo mode the buyer's pay page and actions.")
@RestController
@ConditionalOnSandbox
@RequestMapping("/sandbox/v1/payments")
class SandboxProvider {
  private final SandboxLedger ledger;
  private final SandboxConditions conditions;
  private final MerchantKey merchant;

  SandboxProvider(SandboxLedger ledger, SandboxConditions conditions, MerchantKey merchant) {
    this.ledger = ledger;
    this.conditions = conditions;
    this.merchant = merchant;
  }

  @Schema(name = "SandboxCreatePayment")
  record CreatePayment(String merchantReference, String method, Amount amount, String callbackUrl,
      @Nullable Instant expiresAt) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "SandboxPayment")
  record PaymentView(String reference, String merchantReference, SandboxConditions.Method method, Amount amount,
      Status status, @Nullable FailureCode failureCode, Amount refunded, String payUrl, @Nullable Instant expiresAt,
      Instant createdAt, Instant updatedAt) {
    static PaymentView of(Payment p) {
      return new PaymentView(p.reference(), p.merchantReference(), p.method(), p.amount(), p.status(),
          p.failureCode(), p.refunded(), "/sandbox/v1/payments/" + p.reference() + "/page", p.expiresAt(),
          p.createdAt(), p.updatedAt());
    }
  }

  @Schema(name = "SandboxRefundRequest")
  record RefundRequest(Amount amount) {}

  @Operation(operationId = "sandboxCreatePayment", summary = "Create a payment (merchant)",
      description = "Opens a payment at the sandbox provider for a merchant reference, method and amount, with the URL to "
          + "call back and, optionally, the time after which the buyer can no longer pay it (expiresAt).")
  @PostMapping
  @ApiResponse(responseCode = "201", description = "the payment, PENDING",
      useReturnTypeSchema = true)
  ResponseEntity<PaymentView> create(@RequestHeader(value = MerchantKey.HEADER, required = false) String key,
      @RequestBody(required = false) CreatePayment body) {
    merchant.check(key);
    SandboxError.require(body != null && text(body.merchantReference(), 64) && validAmount(body.amount())
        && text(body.callbackUrl(), 500) && webAddress(body.callbackUrl()));
    SandboxConditions.Method method = SandboxConditions.method(body.method()).orElseThrow(SandboxError::invalidRequest);
    conditions.refuseIfDown(method);
    try {
      Payment payment = ledger.create(body.merchantReference(), method, body.amount(), body.callbackUrl(),
          body.expiresAt());
      return ResponseEntity.status(HttpStatus.CREATED).body(PaymentView.of(payment));
    } finally {
      conditions.answerLate(method);
    }
  }

  @Operation(operationId = "sandboxQueryPayment", summary = "Query a payment (merchant)",
      description = "The payment as the provider has it now.")
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
  @Operation(operationId = "sandboxClosePayment", summary = "Close a payment (merchant)",
      description = "Closes a pending payment so it can no longer succeed; a paid one answers TRADE_HAS_SUCCESS.")
  @PostMapping("/{reference}/close")
  PaymentView close(@RequestHeader(value = MerchantKey.HEADER, required = false) String key,
      @PathVariable String reference) {
    merchant.check(key);
    Payment payment = payment(reference);
    conditions.refuseIfDown(payment.method());
    try {
      ledger.end(reference, Status.CLOSED, null);
      Payment closed = payment(reference);
      return switch (closed.status()) {
        case CLOSED -> PaymentView.of(closed);
        case SUCCEEDED -> throw SandboxError.conflict("TRADE_HAS_SUCCESS");
        case PENDING, FAILED -> throw SandboxError.conflict("TRADE_HAS_" + closed.status());
      };
    } finally {
      conditions.answerLate(payment.method());
    }
  }

  /**
   * Refunds part or all of a paid payment. The {@code Idempotency-Key} makes a retry safe: the same
   * key for the same payment answers 200 with the refund made the first time, and refunds nothing more.
   */
  @Operation(operationId = "sandboxRefundPayment", summary = "Refund a payment (merchant)",
      description = "Gives back part or all of a paid payment; the same Idempotency-Key refunds once.")
  @PostMapping("/{reference}/refunds")
  @ApiResponse(responseCode = "201", description = "the refund, made now",
      useReturnTypeSchema = true)
  @ApiResponse(responseCode = "200",
      description = "the refund made earlier with the same Idempotency-Key; nothing more was refunded",
      useReturnTypeSchema = true)
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

  @Operation(operationId = "sandboxListRefunds", summary = "List a payment's refunds (merchant)",
      description = "Every refund of the payment.")
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

  Payment payment(String reference) {
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
