package dev.orderly.policy;

import dev.orderly.common.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class SellerPolicyService {

  private final JdbcClient jdbc;
  private final Clock clock;

  SellerPolicyService(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The seller's current policy, or the defaults when it has not set one. */
  public SellerPolicy current(UUID sellerId) {
    return jdbc.sql("SELECT * FROM seller_policies WHERE seller_id = ?")
        .param(sellerId)
        .query((rs, n) -> read(rs, ""))
        .optional()
        .orElseGet(SellerPolicy::defaults);
  }

  /**
   * Reads a policy stored in the columns this module defines, under a prefix: {@code ""} in
   * seller_policies, {@code "policy_"} for the snapshot an order keeps.
   */
  public static SellerPolicy read(java.sql.ResultSet rs, String prefix) throws java.sql.SQLException {
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

  /** Sets the seller's policy for orders placed from now on; contradictory terms are refused. */
  @Transactional
  public SellerPolicy replace(UUID sellerId, SellerPolicy policy) {
    policy.requireConsistent();
    int updated = jdbc.sql("""
            UPDATE seller_policies SET payment_window_ms = ?, free_cancel_window_ms = ?, cancellation_window_ms = ?,
              seller_response_window_ms = ?, auto_complete_window_ms = ?, cancellation_fee_percent = ?,
              digital_cancellable = ?, payment_reminder_before_ms = ?, updated_at = ?
            WHERE seller_id = ?""")
        .params(values(policy, sellerId, true))
        .update();
    if (updated == 0) {
      jdbc.sql("""
              INSERT INTO seller_policies (payment_window_ms, free_cancel_window_ms, cancellation_window_ms,
                seller_response_window_ms, auto_complete_window_ms, cancellation_fee_percent, digital_cancellable,
                payment_reminder_before_ms, updated_at, seller_id)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
          .params(values(policy, sellerId, false))
          .update();
    }
    return policy;
  }

  private Object[] values(SellerPolicy p, UUID sellerId, boolean update) {
    return new Object[] {p.paymentWindow().toMillis(), p.freeCancelWindow().toMillis(),
        p.cancellationWindow().toMillis(), p.sellerResponseWindow().toMillis(), p.autoCompleteWindow().toMillis(),
        p.cancellationFeePercent(), p.digitalCancellable(), p.paymentReminderBefore().toMillis(),
        Jdbc.ts(clock.instant()), sellerId};
  }
}
