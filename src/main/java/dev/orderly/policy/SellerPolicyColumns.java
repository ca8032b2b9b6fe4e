package dev.orderly.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How a policy is stored: eight columns ({@code payment_window_ms} … {@code payment_reminder_before_ms},
 * durations in milliseconds, the fee in percent) under a prefix: {@code ""} in {@code seller_policies},
 * {@code "policy_"} for the snapshot an order keeps. For the repositories that store one.
 */
public final class SellerPolicyColumns {
  private SellerPolicyColumns() {}

  /** Reads the policy stored under {@code prefix} in the current row. */
  public static SellerPolicy read(ResultSet rs, String prefix) throws SQLException {
    return new SellerPolicy(
        Duration.ofMillis(rs.getLong(prefix + "payment_window_ms")),
        Duration.ofMillis(rs.getLong(prefix + "free_cancel_window_ms")),
        Duration.ofMillis(rs.getLong(prefix + "cancellation_window_ms")),
        Duration.ofMillis(rs.getLong(prefix + "seller_response_window_ms")),
        Duration.ofMillis(rs.getLong(prefix + "auto_complete_window_ms")),
        rs.getBigDecimal(prefix + "cancellation_fee_percent"),
        rs.getBoolean(prefix + "digital_cancellable"),
        Duration.ofMillis(rs.getLong(prefix + "payment_reminder_before_ms")));
  }

  /** The values of the eight columns, in the order {@link #read} names them. */
  public static Object[] values(SellerPolicy p) {
    return new Object[] {p.paymentWindow().toMillis(), p.freeCancelWindow().toMillis(),
        p.cancellationWindow().toMillis(), p.sellerResponseWindow().toMillis(), p.autoCompleteWindow().toMillis(),
        p.cancellationFeePercent(), p.digitalCancellable(), p.paymentReminderBefore().toMillis()};
  }
}
