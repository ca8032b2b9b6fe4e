package dev.orderly.payment;

/** The provider refused a refund for good (not paid, more than was paid): retrying cannot help. */
public class RefundRejectedException extends RuntimeException {
  private final String providerCode;

  public RefundRejectedException(String providerCode) {
    super("provider refused the refund: " + providerCode);
    this.providerCode = providerCode;
  }

  public String providerCode() {
    return providerCode;
  }
}
