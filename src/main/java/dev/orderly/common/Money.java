package dev.orderly.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.regex.Pattern;

/**
 * An amount in one currency, always in the currency's payable unit ({@link PayableUnit}: the ISO
 * 4217 minor unit, or whole units for IDR and other whole-unit currencies); never a double.
 *
 * <p>In JSON: {@code {"amount": "12.50", "currency": "USD"}}, the amount a decimal string
 * ({@link #AMOUNT_PATTERN}: no sign, exponent or spaces). Refused, with
 * {@code VALIDATION_FAILED}: a negative amount, more decimals than the payable unit has, an amount
 * of more than {@link #MAX_DIGITS} digits before the point (more than Orderly stores), an unknown
 * or lower-case currency code, or one without minor units (XXX, XAU...).
 */
@Schema(description = "An amount in the currency's payable unit (ISO 4217 minor unit; whole units for IDR)")
public record Money(
    @Schema(type = "string", pattern = AMOUNT_PATTERN, example = "12.50",
        description = "a decimal string: at most 15 digits before the point, and no more decimals than the "
            + "currency is paid in (2 for USD, 0 for JPY and IDR, 3 for KWD)")
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    @Schema(pattern = "^[A-Z]{3}$", example = "USD", description = "ISO 4217 code") String currency) {

  /** Digits before the decimal point an amount may have at most: the columns are NUMERIC(19, 4). */
  public static final int MAX_DIGITS = 15;

  /** The largest amount Orderly stores, in any currency: 999,999,999,999,999 plus its fraction. */
  public static final BigDecimal LIMIT = BigDecimal.TEN.pow(MAX_DIGITS);

  /**
   * The JSON form of an amount, as the API document states it: up to {@link #MAX_DIGITS} digits,
   * optionally a point and up to 4 decimals (the most any ISO 4217 currency has, CLF). Whether the
   * decimals fit the currency is checked after.
   */
  public static final String AMOUNT_PATTERN = "^[0-9]{1,15}(\\.[0-9]{1,4})?$";

  private static final Pattern DECIMAL = Pattern.compile(AMOUNT_PATTERN);

  public Money {
    if (amount == null || currency == null) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "money needs an amount and a currency");
    }
    Currency c = currencyOf(currency);
    if (amount.signum() < 0) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "amount must not be negative");
    }
    if (!storable(amount)) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "amount " + amount.toPlainString()
          + " is too large: at most " + MAX_DIGITS + " digits before the decimal point");
    }
    int scale = PayableUnit.scale(c);
    if (amount.stripTrailingZeros().scale() > scale) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "amount " + amount.toPlainString() + " has more decimals than "
          + currency + " is paid in (" + (scale == 0 ? "whole units" : scale + " decimals") + ")");
    }
    amount = amount.setScale(scale, RoundingMode.UNNECESSARY);
  }

  /** Reads the JSON form: the amount must be a decimal string, not a JSON number (no float rounding). */
  @JsonCreator
  static Money fromJson(@JsonProperty("amount") String amount, @JsonProperty("currency") String currency) {
    if (amount == null || currency == null) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "money needs an amount and a currency");
    }
    if (!DECIMAL.matcher(amount).matches()) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "amount must be a decimal string such as \"12.50\": "
          + "at most " + MAX_DIGITS + " digits before the point and 4 after, no sign, exponent or spaces");
    }
    return new Money(new BigDecimal(amount), currency);
  }

  public static Money of(String amount, String currency) {
    return new Money(new BigDecimal(amount), currency);
  }

  public static Money zero(String currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  /** Whether Orderly can store this amount: fewer than {@link #MAX_DIGITS} + 1 digits before the point. */
  public static boolean storable(BigDecimal amount) {
    return amount.abs().compareTo(LIMIT) < 0;
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

  /**
   * A percentage of this amount, rounded half-up to the payable unit: 10 % of IDR 15,555 is
   * IDR 1,556, never 1,555.50. What is left (this minus the result) is then payable too.
   */
  public Money percent(BigDecimal percent) {
    int scale = PayableUnit.scale(currencyOf(currency));
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
