package dev.orderly.refund;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * Money on its way back to a buyer. {@code expectedBy} is when it should be in the buyer's
 * account: the method's refund time after creation, then after the provider's confirmation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Refund(UUID id, UUID orderId, UUID paymentId, String method, Money amount, RefundCause cause,
    RefundStatus status, int attempts, String lastError, Instant nextAttemptAt, Instant expectedBy,
    Instant createdAt, Instant completedAt) {}
