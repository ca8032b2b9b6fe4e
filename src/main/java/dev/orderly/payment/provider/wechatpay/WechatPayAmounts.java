package dev.orderly.payment.provider.wechatpay;

import dev.orderly.common.Money;
import java.math.BigDecimal;

/**
 * Orderly's money in WeChat Pay's unit: an integer count of fen ({@code amount.total},
 * {@code amount.refund}), CNY only, at least 1 fen (https://pay.weixin.qq.com/doc/v3/merchant/4012791877).
 */
public final class WechatPayAmounts {

  public static final String CURRENCY = "CNY";

  private WechatPayAmounts() {}

  /** Whether WeChat Pay can take exactly this amount. */
  public static boolean expressible(Money money) {
    try {
      toFen(money);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The amount in fen; throws {@link IllegalArgumentException} for one WeChat Pay cannot take. */
  public static long toFen(Money money) {
    if (!CURRENCY.equals(money.currency()) || money.amount().signum() <= 0) {
      throw new IllegalArgumentException(money + " is not an amount WeChat Pay takes (CNY, at least 0.01)");
    }
    try {
      long fen = money.amount().movePointRight(2).longValueExact();
      if (fen > Integer.MAX_VALUE) {
        throw new ArithmeticException("more than WeChat Pay's int");
      }
      return fen;
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(money + " is not a whole number of fen WeChat Pay can take");
    }
  }

  public static Money fromFen(long fen) {
    return new Money(BigDecimal.valueOf(fen).movePointLeft(2), CURRENCY);
  }
}
