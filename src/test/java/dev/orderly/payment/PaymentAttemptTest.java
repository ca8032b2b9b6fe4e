package dev.orderly.payment;

import static dev.orderly.payment.AttemptStatus.CLOSED;
import static dev.orderly.payment.AttemptStatus.FAILED;
import static dev.orderly.payment.AttemptStatus.PENDING;
import static dev.orderly.payment.AttemptStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.support.ActionTable;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The payment attempt's lifecycle as a table: every (status, action) pair is either a legal move
 * to exactly one status or a refusal with {@code ILLEGAL_PAYMENT_TRANSITION} that changes nothing.
 * Money is never refused: a success after CLOSED or FAILED is a legal "late success". Plain JUnit.
 */
class PaymentAttemptTest {

  static final Instant STARTED_AT = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant RESOLVED_AT = STARTED_AT.plusSeconds(60);
  static final Instant ACTION_AT = STARTED_AT.plusSeconds(3_600);
  static final UUID ID = UUID.fromString("9a000000-0000-4000-8000-000000000001");
  static final UUID ORDER = UUID.fromString("0e9a6f4c-0000-4000-8000-000000000001");
  static final UUID BUYER = UUID.fromString("b0000000-0000-4000-8000-000000000001");

  static PaymentAttempt started() {
    return PaymentAttempt.start(ID, ORDER, BUYER, PaymentMethod.GOPAY, Money.of("25000", "IDR"), "sandbox",
        "sbx_0001", "http://127.0.0.1/sandbox/v1/payments/sbx_0001/page", STARTED_AT);
  }

  /** An attempt in the given status, reached only through the transitions. */
  static PaymentAttempt attemptIn(AttemptStatus status) {
    PaymentAttempt a = started();
    switch (status) {
      case PENDING -> { }
      case SUCCEEDED -> a.succeed(AppliedAs.PAID, RESOLVED_AT);
      case FAILED -> a.fail(PaymentFailureCode.DECLINED, RESOLVED_AT);
      case CLOSED -> {
        a.requestClose(PaymentFailureCode.SUPERSEDED);
        a.close(PaymentFailureCode.SUPERSEDED, RESOLVED_AT);
      }
    }
    assertThat(a.status()).as("fixture reached %s", status).isEqualTo(status);
    return a;
  }

  /** Every observable field, so "changes nothing" is one comparison. */
  static Map<String, Object> snapshot(PaymentAttempt a) {
    Map<String, Object> m = new LinkedHashMap<>(); // allows null values
    m.put("id", a.id());
    m.put("orderId", a.orderId());
    m.put("buyerId", a.buyerId());
    m.put("method", a.method());
    m.put("amount", a.amount());
    m.put("provider", a.provider());
    m.put("providerReference", a.providerReference());
    m.put("redirectUrl", a.redirectUrl());
    m.put("createdAt", a.createdAt());
    m.put("status", a.status());
    m.put("failureCode", a.failureCode());
    m.put("appliedAs", a.appliedAs());
    m.put("closeReason", a.closeReason());
    m.put("resolvedAt", a.resolvedAt());
    return m;
  }

  enum Action {
    SUCCEED(EnumSet.of(PENDING, FAILED, CLOSED), SUCCEEDED, (a, now) -> a.succeed(AppliedAs.LATE, now)),
    FAIL(EnumSet.of(PENDING), FAILED, (a, now) -> a.fail(PaymentFailureCode.PROVIDER_ERROR, now)),
    CLOSE(EnumSet.of(PENDING), CLOSED, (a, now) -> a.close(PaymentFailureCode.DEADLINE_PASSED, now)),
    REQUEST_CLOSE(EnumSet.of(PENDING), PENDING, (a, now) -> a.requestClose(PaymentFailureCode.ORDER_CANCELLED));

    final Set<AttemptStatus> legalFrom;
    final AttemptStatus target;
    final BiConsumer<PaymentAttempt, Instant> move;

    Action(Set<AttemptStatus> legalFrom, AttemptStatus target, BiConsumer<PaymentAttempt, Instant> move) {
      this.legalFrom = legalFrom;
      this.target = target;
      this.move = move;
    }
  }

  static Stream<Arguments> legalMoves() {
    return ActionTable.legalMoves(Action.values(), a -> a.legalFrom);
  }

  static Stream<Arguments> illegalMoves() {
    return ActionTable.illegalMoves(Action.values(), a -> a.legalFrom);
  }

  @Test
  void tableClassifiesEveryStatusActionPairExactlyOnce() {
    List<Arguments> legal = legalMoves().toList();
    List<Arguments> illegal = illegalMoves().toList();
    assertThat(legal).hasSize(6);
    ActionTable.assertEveryPairOnce(legal, illegal, AttemptStatus.values().length, Action.values().length);
  }

  @ParameterizedTest(name = "{0} --{1}--> allowed")
  @MethodSource("legalMoves")
  void legalMoveReachesItsTargetStatus(AttemptStatus from, Action action) {
    PaymentAttempt attempt = attemptIn(from);

    action.move.accept(attempt, ACTION_AT);

    assertThat(attempt.status()).isEqualTo(action.target);
    assertThat(attempt.resolvedAt()).isEqualTo(action.target == PENDING ? null : ACTION_AT);
  }

  @ParameterizedTest(name = "{0} --{1}--> refused")
  @MethodSource("illegalMoves")
  void illegalMoveIsRefusedWithItsCodeAndChangesNothing(AttemptStatus from, Action action) {
    PaymentAttempt attempt = attemptIn(from);
    Map<String, Object> before = snapshot(attempt);

    assertThatThrownBy(() -> action.move.accept(attempt, ACTION_AT))
        .isInstanceOfSatisfying(OrderlyException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_PAYMENT_TRANSITION);
          assertThat(e.properties()).containsEntry("paymentStatus", from)
              .containsEntry("expectedStatus", List.copyOf(action.legalFrom));
          assertThat(e.getMessage()).contains(ID.toString()).contains(from.name());
        });
    assertThat(snapshot(attempt)).isEqualTo(before);
  }

  // ---- the provider's word: news is exactly what a legal move would make of it ----

  static Stream<Arguments> statusPairs() {
    return Arrays.stream(AttemptStatus.values())
        .flatMap(s -> Arrays.stream(AttemptStatus.values()).map(r -> Arguments.of(s, r)));
  }

  @ParameterizedTest(name = "{0}, provider says {1}")
  @MethodSource("statusPairs")
  void providerWordIsNewsExactlyWhenItIsALegalMoveToThatStatus(AttemptStatus current, AttemptStatus reported) {
    PaymentAttempt attempt = attemptIn(current);
    boolean legal = switch (reported) {
      case PENDING -> false;
      case SUCCEEDED -> Action.SUCCEED.legalFrom.contains(current);
      case FAILED -> Action.FAIL.legalFrom.contains(current);
      case CLOSED -> Action.CLOSE.legalFrom.contains(current);
    };
    assertThat(attempt.isNews(reported)).isEqualTo(legal);
  }

  @Test
  void repeatedAndOutOfOrderWordsAreNotNews() {
    assertThat(attemptIn(PENDING).isNews(PENDING)).isFalse();
    assertThat(attemptIn(SUCCEEDED).isNews(SUCCEEDED)).isFalse();
    assertThat(attemptIn(SUCCEEDED).isNews(FAILED)).isFalse();
    assertThat(attemptIn(FAILED).isNews(CLOSED)).isFalse();
    assertThat(attemptIn(CLOSED).isNews(FAILED)).isFalse();
    assertThat(attemptIn(CLOSED).isNews(PENDING)).isFalse();
  }

  // ---- the moves people ask about, by name ----

  @Test
  void lateSuccessAfterCloseIsMoneyAndKeepsWhyItWasClosed() {
    PaymentAttempt attempt = attemptIn(CLOSED);

    attempt.succeed(AppliedAs.DUPLICATE, ACTION_AT);

    assertThat(attempt.status()).isEqualTo(SUCCEEDED);
    assertThat(attempt.appliedAs()).isEqualTo(AppliedAs.DUPLICATE);
    assertThat(attempt.failureCode()).isNull();
    assertThat(attempt.closeReason()).isEqualTo(PaymentFailureCode.SUPERSEDED);
    assertThat(attempt.resolvedAt()).isEqualTo(ACTION_AT);
  }

  @Test
  void lateSuccessAfterFailureClearsTheFailureCode() {
    PaymentAttempt attempt = attemptIn(FAILED);

    attempt.succeed(AppliedAs.LATE, ACTION_AT);

    assertThat(attempt.status()).isEqualTo(SUCCEEDED);
    assertThat(attempt.failureCode()).isNull();
    assertThat(attempt.appliedAs()).isEqualTo(AppliedAs.LATE);
  }

  @Test
  void succeededAttemptCannotBePaidAgainFailOrBeClosed() {
    PaymentAttempt attempt = attemptIn(SUCCEEDED);
    for (Action action : Action.values()) {
      assertThatThrownBy(() -> action.move.accept(attempt, ACTION_AT))
          .isInstanceOfSatisfying(OrderlyException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_PAYMENT_TRANSITION));
    }
    assertThat(attempt.appliedAs()).isEqualTo(AppliedAs.PAID);
    assertThat(attempt.resolvedAt()).isEqualTo(RESOLVED_AT);
  }

  @Test
  void aCloseRequestLeavesTheAttemptPendingAndALaterReasonReplacesAnEarlierOne() {
    PaymentAttempt attempt = started();

    attempt.requestClose(PaymentFailureCode.SUPERSEDED);
    attempt.requestClose(PaymentFailureCode.ORDER_ALREADY_PAID);

    assertThat(attempt.status()).isEqualTo(PENDING);
    assertThat(attempt.closeReason()).isEqualTo(PaymentFailureCode.ORDER_ALREADY_PAID);
    assertThat(attempt.resolvedAt()).isNull();
  }

  @Test
  void closedAndFailedAttemptsSayWhyWithTheirFailureCode() {
    PaymentAttempt closed = started();
    closed.close(PaymentFailureCode.DEADLINE_PASSED, ACTION_AT);
    PaymentAttempt failed = started();
    failed.fail(PaymentFailureCode.INSUFFICIENT_FUNDS, ACTION_AT);

    assertThat(closed.failureCode()).isEqualTo(PaymentFailureCode.DEADLINE_PASSED);
    assertThat(failed.failureCode()).isEqualTo(PaymentFailureCode.INSUFFICIENT_FUNDS);
    assertThat(List.of(closed.appliedAs() == null, failed.appliedAs() == null)).containsOnly(true);
  }

  @Test
  void startedAttemptIsPendingWithNothingResolved() {
    PaymentAttempt attempt = started();

    assertThat(attempt.status()).isEqualTo(PENDING);
    assertThat(attempt.createdAt()).isEqualTo(STARTED_AT);
    assertThat(Arrays.<Object>asList(attempt.failureCode(), attempt.appliedAs(), attempt.closeReason(),
        attempt.resolvedAt())).containsOnlyNulls();
  }
}
