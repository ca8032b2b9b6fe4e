package dev.orderly.payment;

public enum PaymentMethod {
  CARD, ALIPAY, WECHAT_PAY, GOPAY, OVO, DANA, BANK_TRANSFER
}
