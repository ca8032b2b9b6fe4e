/**
 * The payment module's inside: one class per job (starting attempts, applying the provider's news,
 * closing at the provider, close requests, "I have paid" checks), the repositories of its tables,
 * its timers (reconciliation, deadline checks of orders with a pending payment), method health and
 * metrics. Other modules go through {@link dev.orderly.payment.PaymentService}.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.payment.internal;
