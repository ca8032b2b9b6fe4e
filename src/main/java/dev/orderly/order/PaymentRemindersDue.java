package dev.orderly.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Published inside the transaction that took these unpaid orders' reminders: one event per batch. */
public record PaymentRemindersDue(List<UUID> orderIds, Instant at) {}
