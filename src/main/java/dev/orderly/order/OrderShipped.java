package dev.orderly.order;

import java.time.Instant;
import java.util.UUID;

/** Published inside the transaction that shipped the order. */
public record OrderShipped(UUID orderId, String actor, Instant at) {}
