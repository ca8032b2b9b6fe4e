package dev.orderly.cancellation;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction of each cancellation step (requested, decided, escalated,
 * resolved, withdrawn), for notifications to deliver.
 */
public record CancellationEvent(UUID cancellationId, UUID orderId, String step, CancellationStatus status,
    Instant at) {}
