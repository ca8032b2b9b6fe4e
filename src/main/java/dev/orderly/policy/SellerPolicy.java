package dev.orderly.policy;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * A shop's terms. Orders keep a copy as it was at placement, so changing the policy never changes
 * the rules of orders already placed.
 */
public record SellerPolicy(
    Duration paymentWindow,
    Duration freeCancelWindow,
    Duration cancellationWindow,
    Duration sellerResponseWindow,
    Duration autoCompleteWindow,
    BigDecimal cancellationFeePercent,
    boolean digitalCancellable,
    Duration paymentReminderBefore) {

  static final Duration MIN_WINDOW = Duration.ofSeconds(1);
  static final Duration MAX_WINDOW = Duration.ofDays(90);

  /** What a shop gets until it sets its own. */
  public static SellerPolicy defaults() {
    return new SellerPolicy(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(24),
        Duration.ofHours(48), Duration.ofDays(7), BigDecimal.ZERO, false, Duration.ofMinutes(15));
  }

  public SellerPolicy {
    requireWindow("paymentWindow", paymentWindow, MIN_WINDOW);
    requireWindow("freeCancelWindow", freeCancelWindow, Duration.ZERO);
    requireWindow("cancellationWindow", cancellationWindow, Duration.ZERO);
    requireWindow("sellerResponseWindow", sellerResponseWindow, MIN_WINDOW);
    requireWindow("autoCompleteWindow", autoCompleteWindow, MIN_WINDOW);
    requireWindow("paymentReminderBefore", paymentReminderBefore, Duration.ZERO);
    if (cancellationFeePercent == null || cancellationFeePercent.signum() < 0
        || cancellationFeePercent.compareTo(BigDecimal.valueOf(100)) > 0
        || cancellationFeePercent.stripTrailingZeros().scale() > 2) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED,
          "cancellationFeePercent must be between 0 and 100 with at most two decimals");
    }
    // 5.00 from the database reads back as 5, as the seller wrote it
    BigDecimal plain = cancellationFeePercent.stripTrailingZeros();
    cancellationFeePercent = plain.scale() < 0 ? plain.setScale(0) : plain;
  }

  private static void requireWindow(String name, Duration value, Duration min) {
    if (value == null) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, name + " is required");
    }
    if (value.compareTo(min) < 0 || value.compareTo(MAX_WINDOW) > 0) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED,
          name + " must be between " + min + " and " + MAX_WINDOW);
    }
  }
}
