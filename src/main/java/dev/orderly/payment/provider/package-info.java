/**
 * Clients of the payment providers, one sub-package each, each a {@link dev.orderly.payment.PaymentGateway}
 * selected by name ({@code orderly.payment.methods.<METHOD>.provider}): the sandbox today; Stripe,
 * Alipay and WeChat Pay go here.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.payment.provider;
