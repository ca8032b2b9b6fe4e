package dev.orderly.refund;

import static dev.orderly.refund.RefundStatus.FAILED;
import static dev.orderly.refund.RefundStatus.NEEDS_ATTENTION;
import static dev.orderly.refund.RefundStatus.PENDING;
import static dev.orderly.refund.RefundStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.support.ActionTable;
import dev.orderly.timer.Backoff;
import dev.orderly.timer.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The refund lifecycle as a table: every (status, action) pair is either a legal move to exactly one
 * status or a refusal with {@code ILLEGAL_REFUND_TRANSITION} that changes nothing. Plain JUnit, no Spring.
 */
class RefundTest {

  static final Instant CREATED_AT = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant FIRST_TRY_AT = CREATED_AT.plusSeconds(1);
  /** When the action under test happens: after every step of the fixtures. */
  static final Instant ACTION_AT = CREATED_AT.plus(Duration.ofHours(2));
  static final Duration REFUND_TIME = Duration.ofDays(7);
  static final RetryPolicy RETRIES = new RetryPolicy(new Backoff(Duration.ofSeconds(30), Duration.ofHours(1)), 6);

  static final UUID REFUND_ID = UUID.fromString("4e000000-0000-4000-8000-000000000001");
  static final UUID ORDER_ID = UUID.fromString("0e9a6f4c-0000-4000-8000-000000000001");
  static final UUID PAYMENT_ID = UUID.fromString("9a000000-0000-4000-8000-000000000001");

  static Refund requested() {
    return Refund.request(REFUND_ID, ORDER_ID, PAYMENT_ID, "sbx_pay_1", PaymentMethod.CARD, Money.of("20.00", "USD"),
        RefundCause.BUYER_CANCELLED, CREATED_AT.plus(REFUND_TIME), CREATED_AT);
  }

  /** A refund in the given status, reached only through the transitions. */
  static Refund refundIn(RefundStatus status) {
    Refund r = requested();
    switch (status) {
      case PENDING -> { }
      case FAILED -> r.failed("provider unavailable", RETRIES, false, FIRST_TRY_AT);
      case NEEDS_ATTENTION -> r.failed("refund refused", RETRIES, true, FIRST_TRY_AT);
      case SUCCEEDED -> r.succeeded("sbx_ref_1", FIRST_TRY_AT.plus(REFUND_TIME), FIRST_TRY_AT);
    }
    assertThat(r.status()).as("fixture reached %s", status).isEqualTo(status);
    return r;
  }

  /** Every observable field, so "changes nothing" can be checked in one comparison. */
  static Map<String, Object> snapshot(Refund r) {
    Map<String, Object> m = new LinkedHashMap<>(); // allows null values
    m.put("id", r.id());
    m.put("orderId", r.orderId());
    m.put("paymentId", r.paymentId());
    m.put("paymentReference", r.paymentReference());
    m.put("method", r.method());
    m.put("amount", r.amount());
    m.put("cause", r.cause());
    m.put("status", r.status());
    m.put("attempts", r.attempts());
    m.put("lastError", r.lastError());
    m.put("nextAttemptAt", r.nextAttemptAt());
    m.put("providerReference", r.providerReference());
    m.put("expectedBy", r.expectedBy());
    m.put("createdAt", r.createdAt());
    m.put("completedAt", r.completedAt());
    return m;
  }

  // ---------------------------------------------------------------------------------------------
  // The lifecycle table: action, legal from, target.
  // ---------------------------------------------------------------------------------------------

  enum Action {
    SUCCEED(EnumSet.of(PENDING, FAILED), SUCCEEDED,
        (r, now) -> r.succeeded("sbx_ref_2", now.plus(REFUND_TIME), now)),
    /** A try fails and tries are left. */
    FAIL(EnumSet.of(PENDING, FAILED), FAILED,
        (r, now) -> r.failed("provider unavailable", RETRIES, false, now)),
    /** The provider refuses for good. */
    FAIL_FOR_GOOD(EnumSet.of(PENDING, FAILED), NEEDS_ATTENTION,
        (r, now) -> r.failed("refund refused", RETRIES, true, now)),
    RETRY_REQUESTED(EnumSet.of(FAILED, NEEDS_ATTENTION), PENDING,
        (r, now) -> r.retryRequested(now)),
    /** The provider reports a refund it had accepted failed after all. */
    FAILED_AT_PROVIDER(EnumSet.of(SUCCEEDED), NEEDS_ATTENTION,
        (r, now) -> r.failedAtProvider("expired_or_canceled_card", now));

    final Set<RefundStatus> legalFrom;
    final RefundStatus target;
    final BiConsumer<Refund, Instant> move;

    Action(Set<RefundStatus> legalFrom, RefundStatus target, BiConsumer<Refund, Instant> move) {
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
  void lifecycleTableClassifiesEveryStatusActionPairExactlyOnce() {
    List<Arguments> legal = legalMoves().toList();
    List<Arguments> illegal = illegalMoves().toList();
    assertThat(legal).hasSize(9);
    assertThat(legal.size() + illegal.size()).isEqualTo(RefundStatus.values().length * Action.values().length);
    ActionTable.assertEveryPairOnce(legal, illegal, RefundStatus.values().length, Action.values().length);
  }

  @ParameterizedTest(name = "{0} --{1}--> allowed")
  @MethodSource("legalMoves")
  void legalMoveReachesItsTargetStatus(RefundStatus from, Action action) {
    Refund refund = refundIn(from);

    action.move.accept(refund, ACTION_AT);

    assertThat(refund.status()).isEqualTo(action.target);
  }

  @ParameterizedTest(name = "{0} --{1}--> refused")
  @MethodSource("illegalMoves")
  void illegalMoveIsRefusedWithItsCodeAndChangesNothing(RefundStatus from, Action action) {
    Refund refund = refundIn(from);
    Map<String, Object> before = snapshot(refund);

    assertThatThrownBy(() -> action.move.accept(refund, ACTION_AT))
        .isInstanceOfSatisfying(OrderlyException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_REFUND_TRANSITION);
          assertThat(e.properties()).containsEntry("refundStatus", from);
          assertThat(e.getMessage()).contains(REFUND_ID.toString()).contains(from.name());
        });
    assertThat(snapshot(refund)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RefundStatus.class)
  void onlyAPendingOrFailedRefundAwaitsATry(RefundStatus status) {
    assertThat(refundIn(status).awaitsTry()).isEqualTo(status == PENDING || status == FAILED);
  }

  // ---------------------------------------------------------------------------------------------
  // Side data of each move.
  // ---------------------------------------------------------------------------------------------

  @Test
  void aNewRefundIsDueAtOnceWithNoTriesYet() {
    Refund refund = requested();

    assertThat(refund.status()).isEqualTo(PENDING);
    assertThat(refund.attempts()).isZero();
    assertThat(refund.nextAttemptAt()).isEqualTo(CREATED_AT);
    assertThat(refund.createdAt()).isEqualTo(CREATED_AT);
    assertThat(refund.expectedBy()).isEqualTo(CREATED_AT.plus(REFUND_TIME));
    assertThat(refund.lastError()).isNull();
    assertThat(refund.providerReference()).isNull();
    assertThat(refund.completedAt()).isNull();
  }

  @Test
  void successAfterAFailureCountsTheTryKeepsTheProvidersReferenceAndMovesExpectedBy() {
    Refund refund = refundIn(FAILED);

    refund.succeeded("sbx_ref_9", ACTION_AT.plus(REFUND_TIME), ACTION_AT);

    assertThat(refund.status()).isEqualTo(SUCCEEDED);
    assertThat(refund.attempts()).isEqualTo(2);
    assertThat(refund.providerReference()).isEqualTo("sbx_ref_9");
    assertThat(refund.expectedBy()).isEqualTo(ACTION_AT.plus(REFUND_TIME));
    assertThat(refund.completedAt()).isEqualTo(ACTION_AT);
    assertThat(refund.nextAttemptAt()).isNull();
    assertThat(refund.lastError()).isNull();
  }

  @Test
  void failedTriesWaitPausesThatDoubleUpToTheLongestAndKeepExpectedBy() {
    Refund refund = requested();
    RetryPolicy manyTries = new RetryPolicy(new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(3)), 10);
    long[] pauses = {30, 60, 120, 180, 180};
    for (int i = 0; i < pauses.length; i++) {
      refund.failed("provider unavailable", manyTries, false, ACTION_AT);
      assertThat(refund.status()).isEqualTo(FAILED);
      assertThat(refund.attempts()).isEqualTo(i + 1);
      assertThat(refund.nextAttemptAt()).isEqualTo(ACTION_AT.plusSeconds(pauses[i]));
    }
    assertThat(refund.expectedBy()).isEqualTo(CREATED_AT.plus(REFUND_TIME));
    assertThat(refund.lastError()).isEqualTo("provider unavailable");
  }

  @Test
  void theLastAllowedTryFailingNeedsAttentionWithNoNextTry() {
    Refund refund = requested();
    RetryPolicy threeTries = new RetryPolicy(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)), 3);
    refund.failed("down", threeTries, false, FIRST_TRY_AT);
    refund.failed("down", threeTries, false, FIRST_TRY_AT);
    assertThat(refund.status()).isEqualTo(FAILED);

    refund.failed("still down", threeTries, false, ACTION_AT);

    assertThat(refund.status()).isEqualTo(NEEDS_ATTENTION);
    assertThat(refund.attempts()).isEqualTo(3);
    assertThat(refund.nextAttemptAt()).isNull();
    assertThat(refund.lastError()).isEqualTo("still down");
  }

  @Test
  void aRefusalForGoodNeedsAttentionAtTheFirstTry() {
    Refund refund = requested();

    refund.failed("refund refused", RETRIES, true, ACTION_AT);

    assertThat(refund.status()).isEqualTo(NEEDS_ATTENTION);
    assertThat(refund.attempts()).isEqualTo(1);
    assertThat(refund.nextAttemptAt()).isNull();
  }

  @Test
  void theErrorKeptIsClippedAndNeverEmpty() {
    Refund clipped = requested();
    clipped.failed("x".repeat(1_000), RETRIES, false, ACTION_AT);
    assertThat(clipped.lastError()).hasSizeLessThanOrEqualTo(300).startsWith("xxx");

    Refund silent = requested();
    silent.failed(null, RETRIES, false, ACTION_AT);
    assertThat(silent.lastError()).isEqualTo("unknown");
  }

  @ParameterizedTest(name = "retry from {0}")
  @EnumSource(value = RefundStatus.class, names = {"FAILED", "NEEDS_ATTENTION"})
  void supportsRetryIsDueAtOnceWithItsTriesCountedAfreshAndKeepsTheLastError(RefundStatus from) {
    Refund refund = refundIn(from);
    String error = refund.lastError();

    refund.retryRequested(ACTION_AT);

    assertThat(refund.status()).isEqualTo(PENDING);
    assertThat(refund.attempts()).isZero();
    assertThat(refund.nextAttemptAt()).isEqualTo(ACTION_AT);
    assertThat(refund.lastError()).isEqualTo(error).isNotNull();
  }

  @Test
  void aRefundTheProviderLaterReportsFailedNeedsAttentionWithTheReasonAndNoTryCounted() {
    Refund r = refundIn(SUCCEEDED);
    int tries = r.attempts();
    r.failedAtProvider("expired_or_canceled_card", ACTION_AT);
    assertThat(r.status()).isEqualTo(NEEDS_ATTENTION);
    assertThat(r.attempts()).isEqualTo(tries);
    assertThat(r.lastError()).contains("expired_or_canceled_card");
    assertThat(r.completedAt()).isNull();
    assertThat(r.nextAttemptAt()).isNull();
    assertThat(r.awaitsTry()).isFalse();
  }

  @Test
  void aSucceededRefundCannotBeRetriedItWouldPayTwice() {
    Refund refund = refundIn(SUCCEEDED);

    assertThatThrownBy(() -> refund.retryRequested(ACTION_AT))
        .isInstanceOfSatisfying(OrderlyException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_REFUND_TRANSITION);
          assertThat(e.properties()).isEqualTo(Map.of("refundStatus", SUCCEEDED));
          assertThat(e.getMessage()).endsWith("only a failed refund can be retried");
        });
    assertThat(refund.providerReference()).isEqualTo("sbx_ref_1");
  }

  @Test
  void aRestoredRefundIsTheStoredOne() {
    Refund original = refundIn(FAILED);
    Refund restored = Refund.restore(original.id(), original.orderId(), original.paymentId(),
        original.paymentReference(), original.method(), original.amount(), original.cause(), original.status(),
        original.attempts(), original.lastError(), original.nextAttemptAt(), original.providerReference(),
        original.expectedBy(), original.createdAt(), original.completedAt());
    assertThat(snapshot(restored)).isEqualTo(snapshot(original));
  }
}
