package dev.orderly.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SellerPolicyTest {

  static final Duration ONE_SECOND = Duration.ofSeconds(1);
  static final Duration NINETY_DAYS = Duration.ofDays(90);

  static SellerPolicy valid() {
    return new SellerPolicy(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(24),
        Duration.ofHours(48), Duration.ofDays(7), BigDecimal.ZERO, false, Duration.ofMinutes(15));
  }

  static SellerPolicy withFee(BigDecimal fee) {
    SellerPolicy p = valid();
    return new SellerPolicy(p.paymentWindow(), p.freeCancelWindow(), p.cancellationWindow(),
        p.sellerResponseWindow(), p.autoCompleteWindow(), fee, p.digitalCancellable(), p.paymentReminderBefore());
  }

  static void assertRefused(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OrderlyException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
  }

  /** Each duration of the policy with its lower bound; the upper bound is 90 days for all. */
  enum Window {
    PAYMENT(ONE_SECOND, SellerPolicy::paymentWindow, (p, d) -> new SellerPolicy(d, p.freeCancelWindow(), p.cancellationWindow(),
        p.sellerResponseWindow(), p.autoCompleteWindow(), p.cancellationFeePercent(), p.digitalCancellable(),
        p.paymentReminderBefore())),
    FREE_CANCEL(Duration.ZERO, SellerPolicy::freeCancelWindow, (p, d) -> new SellerPolicy(p.paymentWindow(), d, p.cancellationWindow(),
        p.sellerResponseWindow(), p.autoCompleteWindow(), p.cancellationFeePercent(), p.digitalCancellable(),
        p.paymentReminderBefore())),
    CANCELLATION(Duration.ZERO, SellerPolicy::cancellationWindow, (p, d) -> new SellerPolicy(p.paymentWindow(), p.freeCancelWindow(), d,
        p.sellerResponseWindow(), p.autoCompleteWindow(), p.cancellationFeePercent(), p.digitalCancellable(),
        p.paymentReminderBefore())),
    SELLER_RESPONSE(ONE_SECOND, SellerPolicy::sellerResponseWindow, (p, d) -> new SellerPolicy(p.paymentWindow(), p.freeCancelWindow(),
        p.cancellationWindow(), d, p.autoCompleteWindow(), p.cancellationFeePercent(), p.digitalCancellable(),
        p.paymentReminderBefore())),
    AUTO_COMPLETE(ONE_SECOND, SellerPolicy::autoCompleteWindow, (p, d) -> new SellerPolicy(p.paymentWindow(), p.freeCancelWindow(),
        p.cancellationWindow(), p.sellerResponseWindow(), d, p.cancellationFeePercent(), p.digitalCancellable(),
        p.paymentReminderBefore())),
    PAYMENT_REMINDER_BEFORE(Duration.ZERO, SellerPolicy::paymentReminderBefore, (p, d) -> new SellerPolicy(p.paymentWindow(), p.freeCancelWindow(),
        p.cancellationWindow(), p.sellerResponseWindow(), p.autoCompleteWindow(), p.cancellationFeePercent(),
        p.digitalCancellable(), d));

    final Duration min;
    final Function<SellerPolicy, Duration> get;
    private final BiFunction<SellerPolicy, Duration, SellerPolicy> with;

    Window(Duration min, Function<SellerPolicy, Duration> get, BiFunction<SellerPolicy, Duration, SellerPolicy> with) {
      this.min = min;
      this.get = get;
      this.with = with;
    }

    SellerPolicy policyWith(Duration value) {
      return with.apply(valid(), value);
    }
  }

  // --- windows ---------------------------------------------------------------------------------

  @Test
  void defaultsAreAValidPolicy() {
    SellerPolicy d = SellerPolicy.defaults();
    assertThat(d.paymentWindow()).isEqualTo(Duration.ofMinutes(30));
    assertThat(d.autoCompleteWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(d.cancellationFeePercent()).isEqualByComparingTo("0");
    assertThat(d).isEqualTo(valid());
  }

  @Test
  void windowBoundsAreOneSecondAndNinetyDays() {
    assertThat(SellerPolicy.MIN_WINDOW).isEqualTo(ONE_SECOND);
    assertThat(SellerPolicy.MAX_WINDOW).isEqualTo(NINETY_DAYS);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Window.class)
  void windowAtItsLowerBoundIsAccepted(Window window) {
    assertThat(window.get.apply(window.policyWith(window.min))).isEqualTo(window.min);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Window.class)
  void windowJustBelowItsLowerBoundIsRefused(Window window) {
    assertRefused(() -> window.policyWith(window.min.minusNanos(1)));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Window.class)
  void negativeWindowIsRefused(Window window) {
    assertRefused(() -> window.policyWith(Duration.ofSeconds(-1)));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Window.class, names = {"PAYMENT", "SELLER_RESPONSE", "AUTO_COMPLETE"})
  void zeroIsRefusedForWindowsThatMustLastAtLeastASecond(Window window) {
    assertRefused(() -> window.policyWith(Duration.ZERO));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Window.class, names = {"FREE_CANCEL", "CANCELLATION", "PAYMENT_REMINDER_BEFORE"})
  void zeroIsAcceptedForWindowsThatMayBeSwitchedOff(Window window) {
    assertThat(window.get.apply(window.policyWith(Duration.ZERO))).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Window.class)
  void windowOfExactlyNinetyDaysIsAccepted(Window window) {
    assertThat(window.get.apply(window.policyWith(NINETY_DAYS))).isEqualTo(NINETY_DAYS);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Window.class)
  void windowLongerThanNinetyDaysIsRefused(Window window) {
    assertRefused(() -> window.policyWith(NINETY_DAYS.plusNanos(1)));
    assertRefused(() -> window.policyWith(Duration.ofDays(365)));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Window.class)
  void missingWindowIsRefused(Window window) {
    assertRefused(() -> window.policyWith(null));
  }

  @Test
  void refusalNamesTheOffendingWindow() {
    assertThatThrownBy(() -> Window.AUTO_COMPLETE.policyWith(Duration.ZERO))
        .isInstanceOf(OrderlyException.class)
        .hasMessageContaining("autoCompleteWindow");
  }

  @Test
  void windowsAreKeptAsGiven() {
    SellerPolicy p = new SellerPolicy(Duration.ofSeconds(1), Duration.ZERO, Duration.ofDays(90), Duration.ofHours(5),
        Duration.ofDays(14), BigDecimal.TEN, true, Duration.ofMinutes(2));
    assertThat(p.paymentWindow()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.freeCancelWindow()).isEqualTo(Duration.ZERO);
    assertThat(p.cancellationWindow()).isEqualTo(Duration.ofDays(90));
    assertThat(p.sellerResponseWindow()).isEqualTo(Duration.ofHours(5));
    assertThat(p.autoCompleteWindow()).isEqualTo(Duration.ofDays(14));
    assertThat(p.digitalCancellable()).isTrue();
    assertThat(p.paymentReminderBefore()).isEqualTo(Duration.ofMinutes(2));
  }

  // --- cancellation fee ------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}%")
  @ValueSource(strings = {"0", "0.01", "5", "12.5", "12.34", "99.99", "100", "100.00"})
  void feeFromZeroToHundredWithAtMostTwoDecimalsIsAccepted(String fee) {
    SellerPolicy p = withFee(new BigDecimal(fee));
    assertThat(p.cancellationFeePercent()).isEqualByComparingTo(fee);
  }

  @ParameterizedTest(name = "{0}%")
  @ValueSource(strings = {"-0.01", "-1", "100.01", "101", "1000"})
  void feeOutsideZeroToHundredIsRefused(String fee) {
    assertRefused(() -> withFee(new BigDecimal(fee)));
  }

  @ParameterizedTest(name = "{0}%")
  @ValueSource(strings = {"0.001", "12.345", "99.999"})
  void feeWithMoreThanTwoDecimalsIsRefused(String fee) {
    assertRefused(() -> withFee(new BigDecimal(fee)));
  }

  @Test
  void missingFeeIsRefused() {
    assertRefused(() -> withFee(null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "5.00,   5",
      "5.0,    5",
      "5,      5",
      "12.50,  12.5",
      "12.34,  12.34",
      "0.00,   0",
      "0,      0",
      "100.00, 100",
      "1E+1,   10",
      "0.10,   0.1",
  })
  void feeIsNormalisedToHowTheSellerWroteIt(String given, String expected) {
    BigDecimal fee = withFee(new BigDecimal(given)).cancellationFeePercent();
    assertThat(fee).isEqualTo(new BigDecimal(expected)); // BigDecimal.equals compares scale too
    assertThat(fee.toPlainString()).isEqualTo(expected);
  }

  @Test
  void policiesWithTheSameFeeWrittenDifferentlyAreEqual() {
    assertThat(withFee(new BigDecimal("5.00"))).isEqualTo(withFee(new BigDecimal("5")));
  }
}
