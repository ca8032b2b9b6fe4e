package dev.orderly.payment.provider.alipay;

import dev.orderly.common.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Orderly's money as Alipay writes it: a yuan string with two decimals ({@code total_amount},
 * {@code refund_amount}: "12.50"), CNY only, from 0.01 to 100,000,000.00 yuan
 * (https://opendocs.alipay.com/open/194/106039, alipay.trade.precreate).
 */
public final class AlipayAmounts {

  public static final String CURRENCY = "CNY";
  static final BigDecimal MAX = new BigDecimal("100000000.00");
  static final BigDecimal MIN = new BigDecimal("0.01");

  private AlipayAmounts() {}

  /** Whether Alipay can take exactly this amount. */
  public static boolean expressible(Money money) {
    return CURRENCY.equals(money.currency()) && money.amount().compareTo(MIN) >= 0 && money.amount().compareTo(MAX) <= 0;
  }

  /** The amount as Alipay's yuan string; throws {@link IllegalArgumentException} for one Alipay cannot take. */
  public static String toAlipay(Money money) {
    if (!expressible(money)) {
      throw new IllegalArgumentException(money + " is not an amount Alipay takes (CNY, 0.01 to 100000000.00)");
    }
    return money.amount().setScale(2, RoundingMode.UNNECESSARY).toPlainString();
  }

  /** Alipay's yuan string as Orderly's money. */
  public static Money fromAlipay(String yuan) {
    return new Money(new BigDecimal(yuan), CURRENCY);
  }
}
