package dev.orderly.common;

/**
 * Every stable error code Orderly answers with, and the HTTP status it maps to. Human-readable
 * titles and explanations live in messages*.properties under {@code error.<CODE>.title|detail}.
 */
public enum ErrorCode {
  VALIDATION_FAILED(400),
  UNAUTHENTICATED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  ORDER_NOT_FOUND(404),
  PRODUCT_NOT_FOUND(404),
  PAYMENT_NOT_FOUND(404),
  REFUND_NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  UNSUPPORTED_MEDIA_TYPE(415),
  IDEMPOTENCY_KEY_REUSED(409),
  IDEMPOTENCY_KEY_IN_PROGRESS(409),
  ILLEGAL_ORDER_TRANSITION(409),
  ORDER_NOT_AWAITING_PAYMENT(409),
  ILLEGAL_REFUND_TRANSITION(409),
  PAYMENT_DEADLINE_PASSED(409),
  DUPLICATE_SKU(409),
  INSUFFICIENT_STOCK(422),
  MIXED_SELLERS(422),
  CURRENCY_MISMATCH(422),
  PAYMENT_LIMIT_EXCEEDED(422),
  PAYMENT_METHOD_NOT_AVAILABLE(422),
  RATE_LIMITED(429),
  CALLBACK_SIGNATURE_INVALID(401),
  PROVIDER_UNAVAILABLE(503),
  INTERNAL_ERROR(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
