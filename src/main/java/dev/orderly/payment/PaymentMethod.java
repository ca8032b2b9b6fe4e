package dev.orderly.payment;

/** The ways a buyer can pay; each is served by one provider ({@link PaymentMethodSettings}). */
public enum PaymentMethod {
  CARD, ALIPAY, WECHAT_PAY, GOPAY, OVO, DANA, BANK_TRANSFER
}
