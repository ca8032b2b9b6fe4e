package dev.orderly.payment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published inside the transaction in which a method became degraded (exactly one instance sees
 * the change): the unpaid orders whose pending attempt uses it, and the methods that still work.
 */
public record PaymentMethodDegraded(PaymentMethod method, List<UUID> waitingOrderIds,
    List<PaymentMethod> workingMethods, Instant at) {}
