package dev.orderly.order;

import java.time.Instant;
import java.util.UUID;

/** Published inside the transaction that placed the order. */
public record OrderPlaced(UUID orderId, Instant at) {}
