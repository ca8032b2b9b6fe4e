package dev.orderly.notification.internal;

import static dev.orderly.notification.DeliveryStatus.DELIVERED;
import static dev.orderly.notification.DeliveryStatus.DISCARDED;
import static dev.orderly.notification.DeliveryStatus.GAVE_UP;
import static dev.orderly.notification.DeliveryStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.notification.DeliveryStatus;
import dev.orderly.support.ActionTable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The delivery lifecycle as a table: every (status, action) pair is either a legal move to exactly
 * one status or a refusal with ILLEGAL_DELIVERY_TRANSITION that changes nothing. Plain JUnit, no Spring.
 */
class DeliveryTest {

  static final Instant CREATED_AT = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant FIRST_TRY = CREATED_AT.plusSeconds(1);
  static final Instant FINISHED_AT = CREATED_AT.plusSeconds(60);
  /** When the action under test happens: after every step above. */
  static final Instant ACTION_AT = CREATED_AT.plus(Duration.ofHours(2));
  static final UUID ID = UUID.fromString("de000000-0000-4000-8000-000000000001");
  static final UUID NOTIFICATION = UUID.fromString("70000000-0000-4000-8000-000000000001");
  static final String SUBSCRIPTION = "5b000000-0000-4000-8000-000000000001";

  static Delivery created() {
    return Delivery.create(ID, NOTIFICATION, Channel.WEBHOOK, SUBSCRIPTION, CREATED_AT);
  }

  /** A delivery in the given status after one failed try, reached only through the transitions. */
  static Delivery deliveryIn(DeliveryStatus status) {
    Delivery d = created();
    d.failed("HTTP 503", 503, Optional.of(FIRST_TRY.plusSeconds(10)), FIRST_TRY);
    switch (status) {
      case PENDING -> { }
      case DELIVERED -> d.delivered(204, FINISHED_AT);
      case GAVE_UP -> d.failed("HTTP 500", 500, Optional.empty(), FINISHED_AT);
      case DISCARDED -> d.discarded();
    }
    assertThat(d.status()).as("fixture reached %s", status).isEqualTo(status);
    return d;
  }

  /** Every observable field, so "changes nothing" can be checked in one comparison. */
  static Map<String, Object> snapshot(Delivery d) {
    Map<String, Object> m = new LinkedHashMap<>(); // allows null values
    m.put("id", d.id());
    m.put("notificationId", d.notificationId());
    m.put("channel", d.channel());
    m.put("target", d.target());
    m.put("createdAt", d.createdAt());
    m.put("status", d.status());
    m.put("attempts", d.attempts());
    m.put("nextAttemptAt", d.nextAttemptAt());
    m.put("deliveredAt", d.deliveredAt());
    m.put("lastError", d.lastError());
    m.put("lastStatusCode", d.lastStatusCode());
    return m;
  }

  enum Action {
    DELIVER(DELIVERED, (d, now) -> d.delivered(200, now)),
    FAIL_AND_RETRY(PENDING, (d, now) -> d.failed("timed out after 10 s", null, Optional.of(now.plusSeconds(20)), now)),
    FAIL_AND_GIVE_UP(GAVE_UP, (d, now) -> d.failed("HTTP 410", 410, Optional.empty(), now)),
    DISCARD(DISCARDED, (d, now) -> d.discarded());

    /** Every action is legal from PENDING only. */
    final Set<DeliveryStatus> legalFrom = EnumSet.of(PENDING);
    final DeliveryStatus target;
    final BiConsumer<Delivery, Instant> move;

    Action(DeliveryStatus target, BiConsumer<Delivery, Instant> move) {
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
    assertThat(legal).hasSize(4);
    assertThat(illegal).hasSize(12);
    ActionTable.assertEveryPairOnce(legal, illegal, DeliveryStatus.values().length, Action.values().length);
    // the final statuses are exactly those no action leaves
    assertThat(Arrays.stream(DeliveryStatus.values()).filter(DeliveryStatus::isFinal))
        .containsExactlyInAnyOrder(DELIVERED, GAVE_UP, DISCARDED);
  }

  @ParameterizedTest(name = "{0} --{1}--> allowed")
  @MethodSource("legalMoves")
  void legalMoveReachesItsTargetStatus(DeliveryStatus from, Action action) {
    Delivery d = deliveryIn(from);

    action.move.accept(d, ACTION_AT);

    assertThat(d.status()).isEqualTo(action.target);
  }

  @ParameterizedTest(name = "{0} --{1}--> refused")
  @MethodSource("illegalMoves")
  void illegalMoveIsRefusedWithItsCodeAndChangesNothing(DeliveryStatus from, Action action) {
    Delivery d = deliveryIn(from);
    Map<String, Object> before = snapshot(d);

    assertThatThrownBy(() -> action.move.accept(d, ACTION_AT))
        .isInstanceOfSatisfying(OrderlyException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_DELIVERY_TRANSITION);
          assertThat(e.properties()).containsEntry("deliveryStatus", from)
              .containsEntry("expectedStatus", List.of(PENDING));
          assertThat(e.getMessage()).contains(ID.toString()).contains(from.name());
        });
    assertThat(snapshot(d)).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------
  // What each move records.
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @EnumSource(Channel.class)
  void aNewDeliveryIsPendingAndDueAtOnce(Channel channel) {
    Delivery d = Delivery.create(ID, NOTIFICATION, channel, "buyer@example.test", CREATED_AT);

    assertThat(d.status()).isEqualTo(PENDING);
    assertThat(d.channel()).isEqualTo(channel);
    assertThat(d.attempts()).isZero();
    assertThat(d.nextAttemptAt()).isEqualTo(CREATED_AT);
    assertThat(d.createdAt()).isEqualTo(CREATED_AT);
    assertThat(List.of(Optional.ofNullable(d.deliveredAt()), Optional.ofNullable(d.lastError()),
        Optional.ofNullable(d.lastStatusCode()))).allMatch(Optional::isEmpty);
  }

  @Test
  void aSuccessfulAttemptCountsRecordsTheAnswerAndClearsTheLastError() {
    Delivery d = deliveryIn(PENDING);

    d.delivered(204, ACTION_AT);

    assertThat(d.status()).isEqualTo(DELIVERED);
    assertThat(d.attempts()).isEqualTo(2);
    assertThat(d.deliveredAt()).isEqualTo(ACTION_AT);
    assertThat(d.lastStatusCode()).isEqualTo(204);
    assertThat(d.lastError()).isNull();
    assertThat(d.nextAttemptAt()).isNull();
  }

  @Test
  void anEmailHasNoStatusCode() {
    Delivery d = Delivery.create(ID, NOTIFICATION, Channel.EMAIL, "buyer@example.test", CREATED_AT);

    d.delivered(null, FIRST_TRY);

    assertThat(d.status()).isEqualTo(DELIVERED);
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.lastStatusCode()).isNull();
  }

  @Test
  void aFailedAttemptThatIsRetriedStaysPendingUntilItsRetry() {
    Delivery d = created();
    Instant retryAt = FIRST_TRY.plusSeconds(10);

    d.failed("HTTP 503: busy", 503, Optional.of(retryAt), FIRST_TRY);

    assertThat(d.status()).isEqualTo(PENDING);
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.nextAttemptAt()).isEqualTo(retryAt);
    assertThat(d.lastError()).isEqualTo("HTTP 503: busy");
    assertThat(d.lastStatusCode()).isEqualTo(503);
    assertThat(d.deliveredAt()).isNull();
  }

  @Test
  void aFailedAttemptWithNoRetryGivesUpForGood() {
    Delivery d = deliveryIn(PENDING);

    d.failed("ConnectException", null, Optional.empty(), ACTION_AT);

    assertThat(d.status()).isEqualTo(GAVE_UP);
    assertThat(d.attempts()).isEqualTo(2);
    assertThat(d.nextAttemptAt()).isNull();
    assertThat(d.lastError()).isEqualTo("ConnectException");
    assertThat(d.lastStatusCode()).isNull();
  }

  @Test
  void theLastErrorIsClippedToTheColumnsWidth() {
    Delivery d = created();

    d.failed("x".repeat(5_000), 500, Optional.of(FIRST_TRY.plusSeconds(10)), FIRST_TRY);

    assertThat(d.lastError()).hasSizeLessThanOrEqualTo(300).startsWith("xxx");
  }

  @Test
  void aRetryIsNeverDueBeforeTheAttemptThatFailed() {
    Delivery d = created();
    Map<String, Object> before = snapshot(d);

    assertThatThrownBy(() -> d.failed("HTTP 500", 500, Optional.of(FIRST_TRY.minusMillis(1)), FIRST_TRY))
        .isInstanceOfSatisfying(OrderlyException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_DELIVERY_TRANSITION));
    assertThat(snapshot(d)).isEqualTo(before);
  }

  @Test
  void aDiscardedDeliveryCountsNoAttemptAndIsNoLongerDue() {
    Delivery d = deliveryIn(PENDING);

    d.discarded();

    assertThat(d.status()).isEqualTo(DISCARDED);
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.nextAttemptAt()).isNull();
    assertThat(d.lastError()).isEqualTo("HTTP 503");
  }

  @Test
  void aDeliveryCanFailManyTimesBeforeItSucceeds() {
    Delivery d = created();
    Instant now = FIRST_TRY;
    for (int i = 0; i < 5; i++) {
      d.failed("HTTP 500", 500, Optional.of(now.plusSeconds(1)), now);
      now = now.plusSeconds(1);
    }

    d.delivered(200, now);

    assertThat(d.attempts()).isEqualTo(6);
    assertThat(d.status()).isEqualTo(DELIVERED);
    assertThat(d.deliveredAt()).isEqualTo(now);
  }
}
