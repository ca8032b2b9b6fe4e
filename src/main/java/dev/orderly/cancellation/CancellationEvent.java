package dev.orderly.cancellation;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction of each cancellation step, for notifications to deliver.
 * {@code step}: REQUESTED, DECIDED (approved, rejected, auto-approved, closed by shipping or by the
 * order's cancellation), ESCALATED, RESOLVED, WITHDRAWN.
 */
public record CancellationEvent(UUID cancellationId, UUID orderId, String step, CancellationStatus status,
    Instant at) {}
