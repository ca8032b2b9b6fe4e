package dev.orderly.cancellation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.ErrorCode;
import dev.orderly.order.Order;
import dev.orderly.order.OrderFixtures;
import dev.orderly.order.OrderStatus;
import dev.orderly.policy.SellerPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PRODUCT.md's cancellation table, row by row. The seller's policy: free cancellation for 30 min
 * after payment, requests to the seller until 24 h after payment, the seller answers within 48 h,
 * a 10 % fee on cancellations the seller approves. The order costs 20.00 USD and was paid at 10:00.
 */
class CancellationRulesTest {

  static final Instant PAID_AT = Instant.parse("2026-11-23T10:00:00Z");
  static final Instant PLACED_AT = PAID_AT.minusSeconds(300);
  static final SellerPolicy POLICY = new SellerPolicy(Duration.ofMinutes(30), Duration.ofMinutes(30),
      Duration.ofHours(24), Duration.ofHours(48), Duration.ofDays(7), new BigDecimal("10"), false,
      Duration.ofMinutes(15));
  static final SellerPolicy DIGITAL_CANCELLABLE = new SellerPolicy(Duration.ofMinutes(30), Duration.ofMinutes(30),
      Duration.ofHours(24), Duration.ofHours(48), Duration.ofDays(7), new BigDecimal("10"), true,
      Duration.ofMinutes(15));

  static final String ALLOWED_NOW = "immediate";
  static final String TO_SELLER = "seller approval";

  /** status | digital | policy | latest request | minutes after payment | result | fee | refund */
  static Stream<Arguments> table() {
    return Stream.of(
        row("AWAITING_PAYMENT", false, POLICY, null, -1, ALLOWED_NOW, "0.00", "0.00"),
        row("AWAITING_PAYMENT", true, POLICY, null, -1, ALLOWED_NOW, "0.00", "0.00"),
        row("PAID, inside the free-cancel window", false, POLICY, null, 29, ALLOWED_NOW, "0.00", "20.00"),
        row("PAID, after the free-cancel window", false, POLICY, null, 30, TO_SELLER, "2.00", "18.00"),
        row("PAID, late in the cancellation window", false, POLICY, null, 24 * 60 - 1, TO_SELLER, "2.00", "18.00"),
        row("PAID, after the cancellation window", false, POLICY, null, 24 * 60, "CANCELLATION_WINDOW_PASSED", null, null),
        row("PROCESSING, inside the free-cancel window", false, POLICY, null, 5, TO_SELLER, "2.00", "18.00"),
        row("PROCESSING, inside the cancellation window", false, POLICY, null, 600, TO_SELLER, "2.00", "18.00"),
        row("PROCESSING, after the cancellation window", false, POLICY, null, 24 * 60, "CANCELLATION_WINDOW_PASSED", null, null),
        row("SHIPPED", false, POLICY, null, 5, "ALREADY_SHIPPED", null, null),
        row("DELIVERED", false, POLICY, null, 5, "ALREADY_DELIVERED", null, null),
        row("COMPLETED", false, POLICY, null, 5, "ALREADY_DELIVERED", null, null),
        row("PAID, digital goods", true, POLICY, null, 1, "DIGITAL_GOODS_NOT_CANCELLABLE", null, null),
        row("PROCESSING, digital goods", true, POLICY, null, 60, "DIGITAL_GOODS_NOT_CANCELLABLE", null, null),
        row("PAID, digital goods the seller lets cancel", true, DIGITAL_CANCELLABLE, null, 1, ALLOWED_NOW, "0.00", "20.00"),
        row("PAID, a request pending with the seller", false, POLICY, CancellationStatus.PENDING_SELLER, 40, "CANCELLATION_ALREADY_REQUESTED", null, null),
        row("PAID, a request rejected (escalate instead)", false, POLICY, CancellationStatus.REJECTED, 40, "CANCELLATION_ALREADY_REQUESTED", null, null),
        row("PAID, a request with support", false, POLICY, CancellationStatus.ESCALATED, 40, "CANCELLATION_ALREADY_REQUESTED", null, null),
        row("PAID, support upheld the rejection", false, POLICY, CancellationStatus.RESOLVED_REJECTED, 40, "CANCELLATION_ALREADY_REQUESTED", null, null),
        row("PAID, an earlier request withdrawn", false, POLICY, CancellationStatus.WITHDRAWN, 40, TO_SELLER, "2.00", "18.00"),
        row("SHIPPED, a request pending (closed by shipping)", false, POLICY, CancellationStatus.REJECTED, 40, "ALREADY_SHIPPED", null, null),
        row("CANCELLED", false, POLICY, null, 5, "ALREADY_CANCELLED", null, null));
  }

  static Arguments row(String situation, boolean digital, SellerPolicy policy, CancellationStatus latest,
      int minutesAfterPayment, String result, String fee, String refund) {
    return Arguments.of(situation, digital, policy, latest, minutesAfterPayment, result, fee, refund);
  }

  @ParameterizedTest(name = "{0} -> {5}")
  @MethodSource("table")
  void theTableOfProductMd(String situation, boolean digital, SellerPolicy policy, CancellationStatus latest,
      int minutesAfterPayment, String result, String fee, String refund) {
    OrderStatus status = OrderStatus.valueOf(situation.split(",")[0]);
    Order order = OrderFixtures.order(status, policy, digital, PLACED_AT, PAID_AT);
    Instant now = PAID_AT.plus(Duration.ofMinutes(minutesAfterPayment));

    Eligibility e = CancellationRules.evaluate(order, latest, now);

    switch (result) {
      case ALLOWED_NOW -> {
        assertThat(e.allowed()).isTrue();
        assertThat(e.mode()).isEqualTo(Eligibility.Mode.IMMEDIATE);
        assertThat(e.sellerRespondBy()).isNull();
      }
      case TO_SELLER -> {
        assertThat(e.allowed()).isTrue();
        assertThat(e.mode()).isEqualTo(Eligibility.Mode.SELLER_APPROVAL);
        assertThat(e.sellerRespondBy()).isEqualTo(now.plus(policy.sellerResponseWindow()));
        assertThat(e.nextSteps()).contains(NextStep.WAIT_FOR_SELLER);
      }
      default -> {
        assertThat(e.allowed()).isFalse();
        assertThat(e.refusal()).isEqualTo(ErrorCode.valueOf(result));
        assertThat(e.mode()).isNull();
        assertThat(e.fee()).isNull();
        assertThat(e.nextSteps()).isNotEmpty();
      }
    }
    if (fee != null) {
      assertThat(e.fee().amount()).isEqualByComparingTo(fee);
      assertThat(e.refundAmount().amount()).isEqualByComparingTo(refund);
      assertThat(e.fee().plus(e.refundAmount()).amount())
          .isEqualByComparingTo(status == OrderStatus.AWAITING_PAYMENT ? "0" : "20.00");
    }
  }

  @ParameterizedTest(name = "fee {0}% of 20.00 USD = {1}")
  @MethodSource("fees")
  void theFeeIsAPercentOfTheTotalRoundedInTheCurrencysScale(String percent, String fee) {
    SellerPolicy policy = new SellerPolicy(Duration.ofMinutes(30), Duration.ZERO, Duration.ofHours(24),
        Duration.ofHours(48), Duration.ofDays(7), new BigDecimal(percent), false, Duration.ofMinutes(15));
    Order order = OrderFixtures.order(OrderStatus.PAID, policy, false, PLACED_AT, PAID_AT);
    Eligibility e = CancellationRules.evaluate(order, null, PAID_AT.plusSeconds(60));
    assertThat(e.fee().amount()).isEqualByComparingTo(fee);
    assertThat(e.refundAmount().amount()).isEqualByComparingTo(new BigDecimal("20.00").subtract(new BigDecimal(fee)));
  }

  static Stream<Arguments> fees() {
    return Stream.of(Arguments.of("0", "0.00"), Arguments.of("2.5", "0.50"), Arguments.of("3.33", "0.67"),
        Arguments.of("12.34", "2.47"), Arguments.of("100", "20.00"));
  }
}
