package dev.orderly.policy;

import dev.orderly.common.OrderlyException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A shop's terms. Orders keep a copy as it was at placement, so changing the policy never changes
 * the rules of orders already placed. Windows are durations (ISO-8601 in JSON, e.g. {@code PT30M})
 * between {@link #MIN_WINDOW} (zero for the free-cancel and cancellation windows and the reminder
 * offset) and {@link #MAX_WINDOW}; the fee is a percent of the order total, 0 to 100 with at most
 * two decimals. Anything else is refused with {@code 400 VALIDATION_FAILED} naming the member.
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
      throw OrderlyException.invalid("cancellationFeePercent", "must be between 0 and 100 with at most two decimals");
    }
    // 5.00 from the database reads back as 5, as the seller wrote it
    BigDecimal plain = cancellationFeePercent.stripTrailingZeros();
    cancellationFeePercent = plain.scale() < 0 ? plain.setScale(0) : plain;
  }

  /**
   * Refuses terms that contradict themselves, when a seller sets them: a free-cancel window longer
   * than the cancellation window would make the latter meaningless. (Not in the constructor: a
   * policy stored before this rule must still be readable.)
   */
  public SellerPolicy requireConsistent() {
    if (freeCancelWindow.compareTo(cancellationWindow) > 0) {
      throw OrderlyException.invalid("freeCancelWindow", "must not be longer than cancellationWindow ("
          + cancellationWindow + "); it is " + freeCancelWindow);
    }
    return this;
  }

  /**
   * A short fingerprint of the terms a buyer is shown before buying (windows, response time, fee,
   * digital goods): the same terms give the same version. A buyer who places an order with the
   * version it was shown is refused if the seller changed them meanwhile.
   */
  public String termsVersion() {
    String canonical = String.join("|", String.valueOf(paymentWindow.toMillis()),
        String.valueOf(freeCancelWindow.toMillis()), String.valueOf(cancellationWindow.toMillis()),
        String.valueOf(sellerResponseWindow.toMillis()), cancellationFeePercent.toPlainString(),
        String.valueOf(digitalCancellable));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void requireWindow(String name, Duration value, Duration min) {
    if (value == null) {
      throw OrderlyException.invalid(name, "is required");
    }
    if (value.compareTo(min) < 0 || value.compareTo(MAX_WINDOW) > 0) {
      throw OrderlyException.invalid(name, "must be between " + min + " and " + MAX_WINDOW);
    }
  }
}
