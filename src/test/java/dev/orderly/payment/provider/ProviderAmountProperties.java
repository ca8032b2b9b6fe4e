package dev.orderly.payment.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.Money;
import dev.orderly.common.PayableUnit;
import dev.orderly.payment.provider.alipay.AlipayAmounts;
import dev.orderly.payment.provider.stripe.StripeAmounts;
import dev.orderly.payment.provider.wechatpay.WechatPayAmounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Orderly's money (payable units, PRODUCT.md rule 14) in each provider's unit and back, over every
 * ISO 4217 currency and amounts from the smallest unit to the largest Orderly stores: the
 * conversion is exact both ways, or the amount is refused; never rounded.
 */
class ProviderAmountProperties {

  @Property(tries = 5000)
  void stripeAmountsAreExactIntegersInStripesUnitAndComeBack(@ForAll("currencies") Currency currency,
      @ForAll("amounts") BigDecimal raw) {
    Money money = payable(raw, currency);
    if (StripeAmounts.expressible(money)) {
      long stripe = StripeAmounts.toStripe(money);
      assertThat(BigDecimal.valueOf(stripe).movePointLeft(StripeAmounts.decimals(money.currency())))
          .isEqualByComparingTo(money.amount());
      assertThat(StripeAmounts.fromStripe(stripe, money.currency().toLowerCase())).isEqualTo(money);
    } else {
      // only a fraction finer than Stripe's unit, or a unit Stripe rounds (tens of fils, whole ISK), is refused
      assertThatThrownBy(() -> StripeAmounts.toStripe(money)).isInstanceOf(IllegalArgumentException.class);
      assertThat(money.amount().scale() > StripeAmounts.decimals(money.currency())
          || money.currency().matches("BHD|JOD|KWD|OMR|TND|ISK")).isTrue();
    }
  }

  @Property(tries = 3000)
  void everyAmountInATwoDecimalCurrencyOrderlyTakesStripeTakes(@ForAll("amounts") BigDecimal raw,
      @ForAll("twoDecimal") String code) {
    Money money = payable(raw, Currency.getInstance(code));
    assertThat(StripeAmounts.expressible(money)).isTrue();
  }

  @Property(tries = 3000)
  void alipayTakesYuanAsTwoDecimalStringsExactly(@ForAll("amounts") BigDecimal raw) {
    Money money = payable(raw, Currency.getInstance("CNY"));
    if (money.amount().compareTo(new BigDecimal("0.01")) >= 0 && money.amount().compareTo(new BigDecimal("100000000")) <= 0) {
      String yuan = AlipayAmounts.toAlipay(money);
      assertThat(yuan).matches("[0-9]+\\.[0-9]{2}");
      assertThat(AlipayAmounts.fromAlipay(yuan)).isEqualTo(money);
    } else {
      assertThatThrownBy(() -> AlipayAmounts.toAlipay(money)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 3000)
  void wechatPayTakesFenExactly(@ForAll("amounts") BigDecimal raw) {
    Money money = payable(raw, Currency.getInstance("CNY"));
    if (money.amount().signum() > 0 && money.amount().movePointRight(2).compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
      long fen = WechatPayAmounts.toFen(money);
      assertThat(BigDecimal.valueOf(fen)).isEqualByComparingTo(money.amount().movePointRight(2));
      assertThat(WechatPayAmounts.fromFen(fen)).isEqualTo(money);
    } else {
      assertThatThrownBy(() -> WechatPayAmounts.toFen(money)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 500)
  void noProviderTakesACurrencyItDoesNotKnow(@ForAll("currencies") Currency currency) {
    Money one = payable(BigDecimal.ONE, currency);
    assertThat(AlipayAmounts.expressible(one)).isEqualTo("CNY".equals(currency.getCurrencyCode()));
    assertThat(WechatPayAmounts.expressible(one)).isEqualTo("CNY".equals(currency.getCurrencyCode()));
  }

  @Example
  void theDocumentedCases() {
    assertThat(StripeAmounts.toStripe(Money.of("12.50", "USD"))).isEqualTo(1250);
    assertThat(StripeAmounts.toStripe(Money.of("1250", "JPY"))).isEqualTo(1250);
    assertThat(StripeAmounts.toStripe(Money.of("185000", "IDR"))).isEqualTo(18_500_000);
    assertThat(StripeAmounts.toStripe(Money.of("1.230", "KWD"))).isEqualTo(1230);
    assertThatThrownBy(() -> StripeAmounts.toStripe(Money.of("1.235", "KWD"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(StripeAmounts.toStripe(Money.of("500", "ISK"))).isEqualTo(50_000);
    assertThat(StripeAmounts.fromStripe(18_500_000, "idr")).isEqualTo(Money.of("185000", "IDR"));
    assertThat(AlipayAmounts.toAlipay(Money.of("88", "CNY"))).isEqualTo("88.00");
    assertThat(WechatPayAmounts.toFen(Money.of("88.01", "CNY"))).isEqualTo(8801);
  }

  /** The amount cut to the currency's payable unit, as Orderly keeps it. */
  private static Money payable(BigDecimal raw, Currency currency) {
    return new Money(raw.setScale(PayableUnit.scale(currency), RoundingMode.DOWN), currency.getCurrencyCode());
  }

  @Provide
  Arbitrary<Currency> currencies() {
    return Arbitraries.of(Currency.getAvailableCurrencies().stream()
        .filter(c -> c.getDefaultFractionDigits() >= 0).toList());
  }

  @Provide
  Arbitrary<String> twoDecimal() {
    return Arbitraries.of("USD", "EUR", "CNY", "SGD", "GBP", "IDR", "MYR", "THB", "PHP", "HUF", "TWD");
  }

  /** From nothing to the largest amount Orderly stores, with up to four decimals (cut to the payable unit). */
  @Provide
  Arbitrary<BigDecimal> amounts() {
    return Arbitraries.oneOf(
        Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100")).ofScale(4),
        Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100000000")).ofScale(3),
        Arbitraries.bigDecimals().between(new BigDecimal("100000000"), new BigDecimal("999999999999999.99")).ofScale(2));
  }
}
