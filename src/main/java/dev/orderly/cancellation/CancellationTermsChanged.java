package dev.orderly.cancellation;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import org.jspecify.annotations.Nullable;

/**
 * {@code 409 CANCELLATION_TERMS_CHANGED}: the fee that applies when the buyer confirms is not the
 * one the buyer accepted (a payment landed, a window closed). Carries the terms that apply now, so
 * the answer can show them; nothing was requested or charged.
 */
public class CancellationTermsChanged extends OrderlyException {

  private final transient Eligibility current;

  CancellationTermsChanged(@Nullable Money accepted, Eligibility current) {
    super(ErrorCode.CANCELLATION_TERMS_CHANGED, "the buyer accepted a fee of " + (accepted == null ? "none" : accepted)
        + " but the fee that applies now is " + current.fee());
    this.current = current;
  }

  public Eligibility current() {
    return current;
  }
}
