package dev.orderly.cancellation;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction of each step of a cancellation request, for notifications and
 * the event stream: the request's {@code status} after the step.
 */
public record CancellationEvent(UUID cancellationId, UUID orderId, CancellationStep step, CancellationStatus status,
    Instant at) {}
