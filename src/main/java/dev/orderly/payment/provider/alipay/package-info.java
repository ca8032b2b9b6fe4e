/**
 * Alipay Open Platform (RSA2) on Alipay's official Java SDK: a QR-code trade
 * ({@code alipay.trade.precreate}) per attempt, query, close and refund by {@code out_trade_no},
 * asynchronous notifications verified with Alipay's public key and answered {@code success}.
 * Configured by {@code orderly.payment.providers.alipay.*} (docs/payment-providers.md).
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.payment.provider.alipay;
