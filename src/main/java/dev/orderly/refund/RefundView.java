package dev.orderly.refund;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.Money;
import dev.orderly.payment.PaymentMethod;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A refund as the API shows it (members that are null are left out). {@code amount} is money in the
 * payment's currency; {@code attempts} counts tries at the provider since creation or support's last
 * retry; {@code nextAttemptAt} is when the next try is due; {@code expectedBy} is when the money
 * should be in the buyer's account.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Refund")
public record RefundView(UUID id, UUID orderId, UUID paymentId, PaymentMethod method, Money amount, RefundCause cause,
    RefundStatus status, int attempts, @Nullable String lastError, @Nullable Instant nextAttemptAt,
    Instant expectedBy, Instant createdAt, @Nullable Instant completedAt) {

  static RefundView of(Refund r) {
    return new RefundView(r.id(), r.orderId(), r.paymentId(), r.method(), r.amount(), r.cause(), r.status(),
        r.attempts(), r.lastError(), r.nextAttemptAt(), r.expectedBy(), r.createdAt(), r.completedAt());
  }
}
