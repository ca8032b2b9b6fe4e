/**
 * Paying orders: payment attempts ({@link dev.orderly.payment.PaymentAttempt}, an aggregate) and
 * the provider's word on them, payment methods with their options, limits and health, and the
 * provider SPI ({@link dev.orderly.payment.PaymentGateway}). Other modules use
 * {@link dev.orderly.payment.PaymentService}, {@link dev.orderly.payment.PaymentProviders} (refunds)
 * and {@link dev.orderly.payment.PaymentMethodSettings}, and hear {@link dev.orderly.payment.MoneyToReturn}
 * and {@link dev.orderly.payment.PaymentMethodDegraded}. The jobs, repositories and timers are in
 * {@code internal}, the endpoints in {@code web}, the providers' clients in {@code provider}.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.payment;
