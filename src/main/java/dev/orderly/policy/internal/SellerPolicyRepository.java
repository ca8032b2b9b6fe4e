package dev.orderly.policy.internal;

import dev.orderly.common.Jdbc;
import dev.orderly.policy.SellerPolicy;
import dev.orderly.policy.SellerPolicyColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code seller_policies}: one row per shop that set its own terms. */
@Repository
public class SellerPolicyRepository {

  private final JdbcClient jdbc;

  SellerPolicyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The shop's own terms; empty when it never set any. */
  public Optional<SellerPolicy> find(UUID sellerId) {
    return jdbc.sql("SELECT * FROM seller_policies WHERE seller_id = ?")
        .param(sellerId)
        .query((rs, n) -> SellerPolicyColumns.read(rs, ""))
        .optional();
  }

  /** Stores the shop's terms, replacing any it had. */
  public void save(UUID sellerId, SellerPolicy policy, Instant now) {
    List<Object> params = new ArrayList<>(Arrays.asList(SellerPolicyColumns.values(policy)));
    params.add(Jdbc.ts(now));
    params.add(sellerId);
    int updated = jdbc.sql("""
            UPDATE seller_policies SET payment_window_ms = ?, free_cancel_window_ms = ?, cancellation_window_ms = ?,
              seller_response_window_ms = ?, auto_complete_window_ms = ?, cancellation_fee_percent = ?,
              digital_cancellable = ?, payment_reminder_before_ms = ?, updated_at = ?
            WHERE seller_id = ?""")
        .params(params)
        .update();
    if (updated == 0) {
      jdbc.sql("""
              INSERT INTO seller_policies (payment_window_ms, free_cancel_window_ms, cancellation_window_ms,
                seller_response_window_ms, auto_complete_window_ms, cancellation_fee_percent, digital_cancellable,
                payment_reminder_before_ms, updated_at, seller_id)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
          .params(params)
          .update();
    }
  }
}
