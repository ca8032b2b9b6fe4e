package dev.orderly.cancellation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to "can I cancel this order, and how?": immediate or via the seller, the fee and the
 * refund (in the order's currency), the seller's deadline; or the refusal (a code, see
 * {@link CancellationRules#evaluate}) with what to do instead. Members that do not apply are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Eligibility(boolean allowed, @Nullable Mode mode, @Nullable Money fee, @Nullable Money refundAmount,
    @Nullable Instant sellerRespondBy, @Nullable ErrorCode refusal, List<NextStep> nextSteps) {

  public enum Mode { IMMEDIATE, SELLER_APPROVAL }

  static Eligibility immediate(Money refund) {
    return new Eligibility(true, Mode.IMMEDIATE, Money.zero(refund.currency()), refund, null, null, List.of());
  }

  static Eligibility sellerApproval(Money fee, Money refund, Instant respondBy) {
    return new Eligibility(true, Mode.SELLER_APPROVAL, fee, refund, respondBy, null,
        List.of(NextStep.WAIT_FOR_SELLER, NextStep.WITHDRAW_REQUEST));
  }

  /**
   * Whether a buyer who accepted {@code acceptedFee} (null: accepted none) agreed to these terms:
   * the fee that applies now is exactly the one accepted, and no fee is charged that was not
   * accepted. PRODUCT.md: a quote is honoured or refused, never changed silently.
   */
  public boolean agreedTo(@Nullable Money acceptedFee) {
    if (!allowed) {
      return true; // the refusal itself is the answer
    }
    return acceptedFee == null ? fee.amount().signum() == 0 : acceptedFee.equals(fee);
  }

  static Eligibility refused(ErrorCode reason, NextStep... nextSteps) {
    return new Eligibility(false, null, null, null, null, reason, List.of(nextSteps));
  }
}
