package dev.orderly.order;

import java.time.Instant;
import java.util.UUID;

/** Published inside the transaction that recorded the payment. */
public record OrderPaid(UUID orderId, Instant at) {}
