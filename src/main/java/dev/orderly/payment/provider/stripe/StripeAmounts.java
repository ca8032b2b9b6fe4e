package dev.orderly.payment.provider.stripe;

import dev.orderly.common.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

/**
 * Orderly's money in Stripe's unit and back. Stripe takes an integer count of the currency's
 * smallest unit, by its own table (https://docs.stripe.com/currencies#minor-units), which is not
 * always ISO 4217's: zero-decimal currencies (JPY, KRW...) are whole units; BHD, JOD, KWD, OMR and TND
 * are thousandths whose last digit must be 0; ISK is written with two decimals that must be 00; every
 * other currency, IDR included, is hundredths (Orderly keeps IDR in whole rupiah, so 185000 IDR is
 * 18500000 at Stripe). An amount Stripe cannot express exactly is refused, never rounded.
 */
public final class StripeAmounts {

  /** Stripe's zero-decimal currencies. */
  static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF",
      "UGX", "VND", "VUV", "XAF", "XOF", "XPF");

  /** Stripe's three-decimal currencies: amounts in thousandths, rounded to tens. */
  static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

  /** Zero-decimal for Stripe too, but written with two decimals that must be 00. */
  static final Set<String> WHOLE_IN_HUNDREDTHS = Set.of("ISK");

  private StripeAmounts() {}

  /** How many decimals Stripe's integer amounts have in this currency. */
  public static int decimals(String currency) {
    String code = currency.toUpperCase(Locale.ROOT);
    return ZERO_DECIMAL.contains(code) ? 0 : THREE_DECIMAL.contains(code) ? 3 : 2;
  }

  /** Whether Stripe can charge exactly this amount. */
  public static boolean expressible(Money money) {
    try {
      toStripe(money);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The amount as Stripe's integer. Throws {@link IllegalArgumentException} when Stripe cannot
   * express it exactly (a fraction finer than Stripe's unit, a KWD amount not in tens of fils, an ISK
   * amount with a fraction).
   */
  public static long toStripe(Money money) {
    String currency = money.currency();
    BigDecimal units = money.amount().movePointRight(decimals(currency));
    long integer;
    try {
      integer = units.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(money + " is finer than Stripe's unit of " + currency);
    }
    if ((THREE_DECIMAL.contains(currency) && integer % 10 != 0)
        || (WHOLE_IN_HUNDREDTHS.contains(currency) && integer % 100 != 0)) {
      throw new IllegalArgumentException(money + " is not an amount Stripe takes in " + currency);
    }
    return integer;
  }

  /** Stripe's integer amount in {@code currency} (any case) as Orderly's money. */
  public static Money fromStripe(long amount, String currency) {
    String code = currency.toUpperCase(Locale.ROOT);
    return new Money(BigDecimal.valueOf(amount).movePointLeft(decimals(code)), code);
  }
}
