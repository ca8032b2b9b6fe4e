package dev.orderly.refund;

import dev.orderly.common.Money;
import java.time.Instant;
import java.util.UUID;

/** Published inside the transaction of each step of a refund (created, failed, needs attention, succeeded). */
public record RefundEvent(UUID refundId, UUID orderId, RefundCause cause, RefundStatus status, Money amount,
    Instant expectedBy, Instant at) {}
