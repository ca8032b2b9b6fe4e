package dev.orderly.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Published inside the transaction that closed a batch of unpaid orders at their deadline: one event per batch. */
public record OrdersExpired(List<UUID> orderIds, Instant at) {}
