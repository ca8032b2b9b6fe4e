/**
 * WeChat Pay API v3 on WeChat Pay's official Java SDK: a Native (QR-code) trade per attempt,
 * query, close and refund by {@code out_trade_no} / {@code out_refund_no}, notifications verified
 * with the WeChat Pay public key and decrypted with the API v3 key (AEAD_AES_256_GCM).
 * Configured by {@code orderly.payment.providers.wechatpay.*} (docs/payment-providers.md).
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.payment.provider.wechatpay;
