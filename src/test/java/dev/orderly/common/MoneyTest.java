package dev.orderly.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  static void assertRefused(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OrderlyException.class,
        e -> assertThat(e.code()).isEqualTo(code));
  }

  // --- scale per currency --------------------------------------------------------------------

  @Test
  void usdAmountsCarryTwoDecimals() {
    Money m = Money.of("5", "USD");
    assertThat(m.amount()).isEqualTo(new BigDecimal("5.00"));
    assertThat(m.amount().scale()).isEqualTo(2);
  }

  @Test
  void jpyAmountsCarryNoDecimals() {
    Money m = Money.of("500", "JPY");
    assertThat(m.amount()).isEqualTo(new BigDecimal("500"));
    assertThat(m.amount().scale()).isZero();
  }

  /** PRODUCT.md rule 14: IDR has two decimals in ISO 4217, but is paid in whole rupiah. */
  @Test
  void idrAmountsAreWholeRupiah() {
    Money m = Money.of("15000.00", "IDR");

    assertThat(m.amount()).isEqualTo(new BigDecimal("15000"));
    assertThat(m.amount().scale()).isZero();
    assertRefused(() -> Money.of("1555.50", "IDR"), ErrorCode.VALIDATION_FAILED);
  }

  /** The example: a 10 % fee on IDR 15,555 is IDR 1,556 (half-up), the refund IDR 13,999. */
  @Test
  void aFeeOnRupiahIsWholeRupiahAndFeePlusRefundIsThePaidAmount() {
    Money paid = Money.of("15555", "IDR");
    Money fee = paid.percent(new BigDecimal("10"));

    assertThat(fee).isEqualTo(Money.of("1556", "IDR"));
    assertThat(paid.minus(fee)).isEqualTo(Money.of("13999", "IDR"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "1000000000000000,   USD",
      "10000000000000000.00, USD",
      "999999999999999999, JPY",
  })
  void anAmountBeyondWhatOrderlyStoresIsRefused(String amount, String currency) {
    assertRefused(() -> Money.of(amount, currency), ErrorCode.VALIDATION_FAILED);
  }

  @Test
  void theLargestStorableAmountIsAccepted() {
    assertThat(Money.of("999999999999999.99", "USD").amount()).isEqualTo(new BigDecimal("999999999999999.99"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"1e3", "NaN", " 1.00", "+1.00", "-1.00", "1,000.00", "1.", ".5", "", "0x10"})
  void theJsonAmountIsAPlainDecimalString(String amount) {
    assertRefused(() -> Money.fromJson(amount, "USD"), ErrorCode.VALIDATION_FAILED);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "5,       USD, 5.00",
      "5.5,     USD, 5.50",
      "1.500,   USD, 1.50",
      "0,       USD, 0.00",
      "100.0,   JPY, 100",
      "1E+3,    JPY, 1000",
      "1.234,   BHD, 1.234",
      "2,       BHD, 2.000",
      "0.10,    EUR, 0.10",
  })
  void amountIsBroughtToTheCurrencyScaleWhenNoPrecisionIsLost(String amount, String currency, String expected) {
    Money m = Money.of(amount, currency);
    assertThat(m.amount()).isEqualTo(new BigDecimal(expected)); // equals also compares scale
    assertThat(m.currency()).isEqualTo(currency);
  }

  @Test
  void sameValueWrittenWithDifferentTrailingZerosIsEqual() {
    assertThat(Money.of("5", "USD")).isEqualTo(Money.of("5.00", "USD")).isEqualTo(Money.of("5.000", "USD"));
    assertThat(Money.of("5", "USD")).hasSameHashCodeAs(Money.of("5.00", "USD"));
  }

  @Test
  void sameAmountInDifferentCurrenciesIsNotEqual() {
    assertThat(Money.of("5", "USD")).isNotEqualTo(Money.of("5", "EUR"));
  }

  @Test
  void zeroIsAtTheCurrencyScale() {
    assertThat(Money.zero("USD").amount()).isEqualTo(new BigDecimal("0.00"));
    assertThat(Money.zero("JPY").amount()).isEqualTo(BigDecimal.ZERO);
  }

  @Test
  void toStringShowsPlainAmountAndCurrency() {
    assertThat(Money.of("1E+3", "USD")).hasToString("1000.00 USD");
    assertThat(Money.of("42", "JPY")).hasToString("42 JPY");
  }

  // --- refusals --------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "1.001,  USD",
      "0.005,  USD",
      "1.5,    JPY",
      "100.01, JPY",
      "1.2345, BHD",
  })
  void amountWithMoreDecimalsThanTheCurrencyAllowsIsRefused(String amount, String currency) {
    assertRefused(() -> Money.of(amount, currency), ErrorCode.VALIDATION_FAILED);
  }

  @Test
  void idrAmountWithMoreDecimalsThanJavaUtilCurrencyAllowsIsRefused() {
    int idrDigits = Currency.getInstance("IDR").getDefaultFractionDigits();
    String tooPrecise = BigDecimal.ONE.movePointLeft(idrDigits + 1).toPlainString();
    assertRefused(() -> Money.of(tooPrecise, "IDR"), ErrorCode.VALIDATION_FAILED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-0.01", "-1", "-1000000"})
  void negativeAmountIsRefused(String amount) {
    assertRefused(() -> Money.of(amount, "USD"), ErrorCode.VALIDATION_FAILED);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"ZZZ", "ABC", "US", "USDX", "", "   ", "U$D", "12€"})
  void unknownCurrencyCodeIsRefused(String code) {
    assertRefused(() -> Money.of("1", code), ErrorCode.VALIDATION_FAILED);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"usd", "Usd", "uSD", "jpy", "eur"})
  void lowerCaseCurrencyCodeIsRefused(String code) {
    assertRefused(() -> Money.of("1", code), ErrorCode.VALIDATION_FAILED);
  }

  /**
   * ISO 4217 codes with no minor unit (java.util.Currency reports -1 fraction digits): XXX "no
   * currency", XTS "testing", XAU gold, XDR SDR. Nothing can be priced in them.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"XXX", "XTS", "XAU", "XDR"})
  void codeWithoutMinorUnitsLikeNoCurrencyXxxIsRefused(String code) {
    assertRefused(() -> Money.of("100", code), ErrorCode.VALIDATION_FAILED);
  }

  // --- arithmetic ------------------------------------------------------------------------------

  @Test
  void plusAddsAmountsOfTheSameCurrency() {
    assertThat(Money.of("1.10", "USD").plus(Money.of("2.25", "USD"))).isEqualTo(Money.of("3.35", "USD"));
    assertThat(Money.of("999", "JPY").plus(Money.of("1", "JPY")).amount()).isEqualTo(new BigDecimal("1000"));
  }

  @Test
  void minusSubtractsAmountsOfTheSameCurrency() {
    assertThat(Money.of("5.00", "USD").minus(Money.of("1.25", "USD"))).isEqualTo(Money.of("3.75", "USD"));
    assertThat(Money.of("5.00", "USD").minus(Money.of("5", "USD")).amount()).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void minusBelowZeroIsRefused() {
    assertRefused(() -> Money.of("1.00", "USD").minus(Money.of("1.01", "USD")), ErrorCode.VALIDATION_FAILED);
  }

  @Test
  void timesMultipliesByAQuantity() {
    assertThat(Money.of("19.99", "USD").times(3)).isEqualTo(Money.of("59.97", "USD"));
    assertThat(Money.of("19.99", "USD").times(0).amount()).isEqualTo(new BigDecimal("0.00"));
    assertThat(Money.of("1200", "JPY").times(1)).isEqualTo(Money.of("1200", "JPY"));
  }

  @Test
  void timesANegativeQuantityIsRefused() {
    assertRefused(() -> Money.of("1.00", "USD").times(-1), ErrorCode.VALIDATION_FAILED);
  }

  @Test
  void arithmeticDoesNotChangeTheOperands() {
    Money a = Money.of("2.00", "USD");
    Money b = Money.of("0.50", "USD");
    a.plus(b);
    a.minus(b);
    a.times(7);
    a.percent(new BigDecimal("10"));
    assertThat(a).isEqualTo(Money.of("2.00", "USD"));
    assertThat(b).isEqualTo(Money.of("0.50", "USD"));
  }

  @ParameterizedTest(name = "{2}% of {0} {1} = {3}")
  @CsvSource({
      // exact
      "100.00, USD, 10,    10.00",
      "100.00, USD, 0,     0.00",
      "100.00, USD, 100,   100.00",
      "80.00,  USD, 12.5,  10.00",
      // rounding half-up at the currency scale (half-even would give the other answer on .5)
      "10.10,  USD, 5,     0.51",
      "0.10,   USD, 5,     0.01",
      "10.05,  USD, 5,     0.50",
      "1.00,   USD, 12.5,  0.13",
      "1.00,   USD, 0.25,  0.00",
      "2.10,   USD, 0.25,  0.01",
      "1050,   JPY, 5,     53",
      "1010,   JPY, 5,     51",
      "1009,   JPY, 5,     50",
      "1,      JPY, 50,    1",
      "3.333,  BHD, 50,    1.667",
  })
  void percentRoundsHalfUpAtTheCurrencyScale(String amount, String currency, String percent, String expected) {
    Money result = Money.of(amount, currency).percent(new BigDecimal(percent));
    assertThat(result.amount()).isEqualTo(new BigDecimal(expected)); // value and scale
    assertThat(result.currency()).isEqualTo(currency);
  }

  @Test
  void negativePercentIsRefused() {
    assertRefused(() -> Money.of("10.00", "USD").percent(new BigDecimal("-1")), ErrorCode.VALIDATION_FAILED);
  }

  @Test
  void isGreaterThanComparesValues() {
    assertThat(Money.of("2.01", "USD").isGreaterThan(Money.of("2", "USD"))).isTrue();
    assertThat(Money.of("2", "USD").isGreaterThan(Money.of("2.00", "USD"))).isFalse();
    assertThat(Money.of("1.99", "USD").isGreaterThan(Money.of("2", "USD"))).isFalse();
  }

  @Test
  void plusAcrossCurrenciesIsRefused() {
    assertRefused(() -> Money.of("1", "USD").plus(Money.of("1", "EUR")), ErrorCode.CURRENCY_MISMATCH);
  }

  @Test
  void minusAcrossCurrenciesIsRefused() {
    assertRefused(() -> Money.of("100", "JPY").minus(Money.of("1", "USD")), ErrorCode.CURRENCY_MISMATCH);
  }

  @Test
  void comparingAcrossCurrenciesIsRefused() {
    assertRefused(() -> Money.of("100", "JPY").isGreaterThan(Money.of("1", "USD")), ErrorCode.CURRENCY_MISMATCH);
  }
}
