package dev.orderly.common;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The unit buyers actually pay in, per currency (PRODUCT.md rule 14): the ISO 4217 minor unit,
 * except for currencies paid in whole units in practice. IDR has two decimals in ISO 4217, but no
 * sen coin or note exists and Indonesian payment providers (GoPay, OVO, DANA, bank transfers)
 * take whole rupiah only; a price or fee of 1,555.50 could not be paid or refunded.
 *
 * <p>Which currencies are whole-unit is configuration ({@code orderly.money.whole-unit-currencies},
 * default {@code IDR}), read once at start-up before any amount is made ({@link MoneyConfig}).
 * It is static because {@link Money} is a value object made everywhere, JSON reading included.
 */
public final class PayableUnit {
  private PayableUnit() {}

  public static final Set<String> DEFAULT_WHOLE_UNIT_CURRENCIES = Set.of("IDR");

  private static volatile Set<String> wholeUnitCurrencies = DEFAULT_WHOLE_UNIT_CURRENCIES;

  /** Decimals of an amount buyers can pay in this currency. */
  public static int scale(Currency currency) {
    return wholeUnitCurrencies.contains(currency.getCurrencyCode()) ? 0 : currency.getDefaultFractionDigits();
  }

  public static Set<String> wholeUnitCurrencies() {
    return wholeUnitCurrencies;
  }

  /** Sets the whole-unit currencies; each must be an ISO 4217 code with a minor unit. */
  static void configure(Set<String> codes) {
    Set<String> checked = new TreeSet<>();
    for (String code : codes) {
      String c = code.strip().toUpperCase(Locale.ROOT);
      if (c.isEmpty()) {
        continue;
      }
      try {
        if (Currency.getInstance(c).getDefaultFractionDigits() < 0) {
          throw new IllegalArgumentException(c);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("orderly.money.whole-unit-currencies: '" + code
            + "' is not an ISO 4217 currency with a minor unit");
      }
      checked.add(c);
    }
    wholeUnitCurrencies = Set.copyOf(checked);
  }
}
