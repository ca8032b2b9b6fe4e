package dev.orderly.cancellation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.PayableUnit;
import dev.orderly.order.Order;
import dev.orderly.order.OrderFixtures;
import dev.orderly.policy.SellerPolicy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * PRODUCT.md rule 14 as properties over random currencies, prices, quantities and fee percents:
 * every amount is in the currency's payable unit, the fee and the refund of a cancellation add up
 * to exactly what was paid, and an amount too large to store is a client's mistake (a
 * VALIDATION_FAILED, answered 400), never any other failure.
 */
class MoneyProperties {

  private static final Instant PLACED = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant PAID = PLACED.plusSeconds(60);
  private static final Instant LATER = PAID.plus(Duration.ofHours(1)); // past the free window, inside the other

  @Property(tries = 3000)
  void feePlusRefundIsWhatWasPaidAndEveryAmountIsPayable(@ForAll("currencies") Currency currency,
      @ForAll("prices") BigDecimal rawPrice, @ForAll @IntRange(min = 1, max = 10_000) int quantity,
      @ForAll("percents") BigDecimal percent) {
    int scale = PayableUnit.scale(currency);
    BigDecimal price = rawPrice.setScale(scale, RoundingMode.DOWN);
    Assume.that(price.signum() > 0);
    Money unitPrice = new Money(price, currency.getCurrencyCode());
    BigDecimal total = price.multiply(BigDecimal.valueOf(quantity));
    SellerPolicy policy = new SellerPolicy(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofDays(1),
        Duration.ofDays(2), Duration.ofDays(7), percent, false, Duration.ofMinutes(15));

    if (!Money.storable(total)) {
      assertThatThrownBy(() -> OrderFixtures.paid(unitPrice, quantity, policy, PLACED, PAID))
          .isInstanceOfSatisfying(OrderlyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.properties()).containsKey("errors");
          });
      return;
    }
    Order order = OrderFixtures.paid(unitPrice, quantity, policy, PLACED, PAID);
    Eligibility e = CancellationRules.evaluate(order, null, LATER);

    assertThat(e.mode()).isEqualTo(Eligibility.Mode.SELLER_APPROVAL);
    assertThat(order.total().amount()).isEqualByComparingTo(total);
    for (Money m : List.of(order.total(), e.fee(), e.refundAmount())) {
      assertThat(m.amount().scale()).as("%s in payable units", m).isEqualTo(scale);
      assertThat(m.currency()).isEqualTo(currency.getCurrencyCode());
    }
    assertThat(e.fee().plus(e.refundAmount())).isEqualTo(order.total());
    assertThat(e.refundAmount().amount().signum()).isNotNegative();
    // the fee is the percent of the total, rounded half-up to the payable unit: within half a unit of exact
    BigDecimal exact = total.multiply(percent).divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_UP);
    assertThat(e.fee().amount().subtract(exact).abs())
        .isLessThanOrEqualTo(BigDecimal.ONE.movePointLeft(scale).divide(BigDecimal.valueOf(2)));
  }

  @Property(tries = 3000)
  void anyAmountAClientSendsIsPayableMoneyOrARefusal(@ForAll("currencies") Currency currency,
      @ForAll("amounts") String amount) {
    Money money;
    try {
      money = Money.of(amount, currency.getCurrencyCode());
    } catch (NumberFormatException notANumber) {
      return; // the JSON reader refuses it before: Money.fromJson takes decimal strings only
    } catch (OrderlyException refused) {
      assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
      return;
    }
    assertThat(money.amount().scale()).isEqualTo(PayableUnit.scale(currency));
    assertThat(Money.storable(money.amount())).isTrue();
    assertThat(money.amount().signum()).isNotNegative();
  }

  @Provide
  Arbitrary<Currency> currencies() {
    return Arbitraries.of(Currency.getAvailableCurrencies().stream()
        .filter(c -> c.getDefaultFractionDigits() >= 0).toList());
  }

  /** Prices from a cent to beyond what is stored, with up to four decimals (cut to the payable unit). */
  @Provide
  Arbitrary<BigDecimal> prices() {
    return Arbitraries.oneOf(
        Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("100000")).ofScale(4),
        Arbitraries.bigDecimals().between(new BigDecimal("100000"), new BigDecimal("999999999999999.99")).ofScale(2));
  }

  /** 0 to 100 with at most two decimals, as a seller's policy allows. */
  @Provide
  Arbitrary<BigDecimal> percents() {
    return Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.valueOf(100)).ofScale(2)
        .map(BigDecimal::stripTrailingZeros);
  }

  /** Decimal strings of 1 to 20 digits with 0 to 5 decimals, negatives, exponents. */
  @Provide
  Arbitrary<String> amounts() {
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> decimals = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(5);
    Arbitrary<String> sign = Arbitraries.of("", "", "", "-");
    Arbitrary<String> exponent = Arbitraries.of("", "", "", "", "e3", "E-2", "e400");
    return Combinators.combine(sign, digits, decimals, exponent)
        .as((s, d, f, e) -> s + d + (f.isEmpty() ? "" : "." + f) + e);
  }
}
