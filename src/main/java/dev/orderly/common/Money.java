package dev.orderly.common;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** An amount in one currency, always at the currency's scale; never a double. */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

  public Money {
    if (amount == null || currency == null) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "money needs an amount and a currency");
    }
    Currency c = currencyOf(currency);
    if (amount.signum() < 0) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "amount must not be negative");
    }
    if (amount.stripTrailingZeros().scale() > c.getDefaultFractionDigits()) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED,
          "amount " + amount.toPlainString() + " has more decimals than " + currency + " allows");
    }
    amount = amount.setScale(c.getDefaultFractionDigits(), RoundingMode.UNNECESSARY);
  }

  public static Money of(String amount, String currency) {
    return new Money(new BigDecimal(amount), currency);
  }

  public static Money zero(String currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  public Money times(int quantity) {
    return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
  }

  /** A percentage of this amount, rounded half-up at the currency's scale. */
  public Money percent(BigDecimal percent) {
    int scale = currencyOf(currency).getDefaultFractionDigits();
    return new Money(amount.multiply(percent).divide(BigDecimal.valueOf(100), scale, RoundingMode.HALF_UP), currency);
  }

  public boolean isGreaterThan(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount) > 0;
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new OrderlyException(ErrorCode.CURRENCY_MISMATCH, currency + " vs " + other.currency);
    }
  }

  private static Currency currencyOf(String code) {
    try {
      if (code.length() != 3 || !code.equals(code.toUpperCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException(code);
      }
      Currency c = Currency.getInstance(code);
      if (c.getDefaultFractionDigits() < 0) {
        // XXX, XAU, XDR...: no minor unit, not money a shop takes
        throw new IllegalArgumentException(code);
      }
      return c;
    } catch (IllegalArgumentException e) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "unknown currency '" + code + "'");
    }
  }

  @Override
  public String toString() {
    return amount.toPlainString() + " " + currency;
  }
}
