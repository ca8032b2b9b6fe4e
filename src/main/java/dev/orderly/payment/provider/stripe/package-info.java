/**
 * Stripe (cards, and Stripe's own Alipay and WeChat Pay methods) on Stripe's official Java SDK:
 * Checkout Sessions, refunds with idempotency keys, webhooks signed with {@code Stripe-Signature}.
 * Configured by {@code orderly.payment.providers.stripe.*} (docs/payment-providers.md).
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.payment.provider.stripe;
