package dev.orderly.order;

import java.time.Instant;
import java.util.UUID;

/** Published inside the transaction that cancelled one order (for any reason). */
public record OrderCancelled(UUID orderId, CancelReason reason, Instant at) {}
