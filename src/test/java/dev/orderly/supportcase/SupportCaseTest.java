package dev.orderly.supportcase;

import static dev.orderly.supportcase.CaseStatus.CLOSED;
import static dev.orderly.supportcase.CaseStatus.OPEN;
import static dev.orderly.supportcase.CaseStatus.PENDING;
import static dev.orderly.supportcase.CaseStatus.SOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.access.Role;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.support.ActionTable;
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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The support case lifecycle as a table: every (status, action) pair is either a legal move to
 * exactly one status or a refusal with {@code ILLEGAL_CASE_TRANSITION} that changes nothing. Plain
 * JUnit, no Spring.
 */
class SupportCaseTest {

  static final Instant OPENED_AT = Instant.parse("2026-12-01T09:00:00Z");
  static final Duration FIRST_RESPONSE = Duration.ofHours(24);
  static final Duration REOPEN = Duration.ofDays(7);
  /** Steps of the fixtures happen an hour apart; the action under test two hours after the last. */
  static final Instant ACTION_AT = OPENED_AT.plus(Duration.ofHours(5));
  /** The close timer's step: after the reopen window of a case solved at the fixtures' time. */
  static final Instant AFTER_WINDOW = OPENED_AT.plus(REOPEN).plus(Duration.ofDays(1));

  static final UUID BUYER = UUID.fromString("b0000000-0000-4000-8000-000000000001");
  static final UUID SELLER = UUID.fromString("5e000000-0000-4000-8000-000000000001");
  static final UUID AGENT = UUID.fromString("5a000000-0000-4000-8000-000000000001");

  static SupportCase opened() {
    return SupportCase.open(UUID.fromString("ca000000-0000-4000-8000-000000000001"), "CASE-261201-7K3F9Q2M-1",
        UUID.fromString("0e000000-0000-4000-8000-000000000001"), "261201-7K3F9Q2M", BUYER, SELLER,
        CaseTopic.REFUND_NOT_RECEIVED, BUYER, Role.BUYER, OPENED_AT, FIRST_RESPONSE);
  }

  /** A case in the given status, reached only through the transitions. */
  static SupportCase caseIn(CaseStatus status) {
    SupportCase c = opened();
    Instant t = OPENED_AT.plus(Duration.ofHours(1));
    switch (status) {
      case OPEN -> { }
      case PENDING -> c.supportReplied(t);
      case SOLVED -> c.solve(t, REOPEN);
      case CLOSED -> {
        c.solve(t, REOPEN);
        c.close(t.plus(REOPEN));
      }
    }
    assertThat(c.status()).as("fixture reached %s", status).isEqualTo(status);
    return c;
  }

  static Map<String, Object> snapshot(SupportCase c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", c.status());
    m.put("assignee", c.assignee());
    m.put("assigneeName", c.assigneeName());
    m.put("firstRespondedAt", c.firstRespondedAt());
    m.put("solvedAt", c.solvedAt());
    m.put("closeAt", c.closeAt());
    m.put("closedAt", c.closedAt());
    m.put("updatedAt", c.updatedAt());
    return m;
  }

  enum Action {
    CUSTOMER_REPLY(EnumSet.of(OPEN, PENDING), null, (c, now) -> c.customerReplied(now)),
    SUPPORT_REPLY(EnumSet.of(OPEN, PENDING), PENDING, (c, now) -> c.supportReplied(now)),
    INTERNAL_NOTE(EnumSet.of(OPEN, PENDING, SOLVED), null, (c, now) -> c.noted(now)),
    ASSIGN(EnumSet.of(OPEN, PENDING, SOLVED), null, (c, now) -> c.assign(AGENT, "agent", now)),
    SOLVE(EnumSet.of(OPEN, PENDING), SOLVED, (c, now) -> c.solve(now, REOPEN)),
    REOPEN_(EnumSet.of(SOLVED), OPEN, (c, now) -> c.reopen(now)),
    CLOSE(EnumSet.of(SOLVED), CLOSED, (c, now) -> c.close(now.plus(REOPEN).plus(Duration.ofDays(1))));

    final Set<CaseStatus> legalFrom;
    /** null: the status does not change, except a customer reply, which always leads to OPEN. */
    final CaseStatus target;
    final BiConsumer<SupportCase, Instant> move;

    Action(Set<CaseStatus> legalFrom, CaseStatus target, BiConsumer<SupportCase, Instant> move) {
      this.legalFrom = legalFrom;
      this.target = target;
      this.move = move;
    }

    CaseStatus expected(CaseStatus from) {
      return this == CUSTOMER_REPLY ? OPEN : target == null ? from : target;
    }
  }

  static Stream<Arguments> legalMoves() {
    return ActionTable.legalMoves(Action.values(), a -> a.legalFrom);
  }

  static Stream<Arguments> illegalMoves() {
    return ActionTable.illegalMoves(Action.values(), a -> a.legalFrom);
  }

  @Test
  void theTableNamesEveryPairOnce() {
    ActionTable.assertEveryPairOnce(legalMoves().toList(), illegalMoves().toList(), CaseStatus.values().length,
        Action.values().length);
  }

  @ParameterizedTest(name = "{1} from {0}")
  @MethodSource("legalMoves")
  void aLegalMoveReachesItsStatus(CaseStatus from, Action action) {
    SupportCase c = caseIn(from);
    action.move.accept(c, ACTION_AT);
    assertThat(c.status()).isEqualTo(action.expected(from));
  }

  @ParameterizedTest(name = "{1} from {0} is refused")
  @MethodSource("illegalMoves")
  void anIllegalMoveIsRefusedAndChangesNothing(CaseStatus from, Action action) {
    SupportCase c = caseIn(from);
    Map<String, Object> before = snapshot(c);
    assertThatThrownBy(() -> action.move.accept(c, ACTION_AT))
        .isInstanceOfSatisfying(OrderlyException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_CASE_TRANSITION);
          assertThat(e.properties()).containsEntry("caseStatus", from.name());
        });
    assertThat(snapshot(c)).isEqualTo(before);
  }

  @Test
  void aSolvedCaseIsReopenedOnlyWithinItsWindowAndClosedOnlyAfterIt() {
    SupportCase c = caseIn(SOLVED);
    Instant end = c.closeAt();
    assertThat(end).isEqualTo(OPENED_AT.plus(Duration.ofHours(1)).plus(REOPEN));
    Map<String, Object> before = snapshot(c);
    assertThatThrownBy(() -> c.close(end.minusMillis(1))).isInstanceOf(OrderlyException.class);
    assertThatThrownBy(() -> c.reopen(end)).isInstanceOf(OrderlyException.class);
    assertThat(snapshot(c)).isEqualTo(before);

    SupportCase reopened = caseIn(SOLVED);
    reopened.reopen(end.minusMillis(1));
    assertThat(reopened.status()).isEqualTo(OPEN);
    assertThat(reopened.closeAt()).isNull();
    assertThat(reopened.solvedAt()).isNull();

    c.close(end);
    assertThat(c.status()).isEqualTo(CLOSED);
    assertThat(c.closedAt()).isEqualTo(end);
    assertThat(c.closeAt()).isNull();
  }

  @Test
  void theFirstResponseIsSupportsFirstPublicAnswerAndOnlyALateOneIsOverdue() {
    Instant due = OPENED_AT.plus(FIRST_RESPONSE);
    SupportCase inTime = opened();
    inTime.noted(due.minusSeconds(10)); // an internal note is no answer
    assertThat(inTime.firstRespondedAt()).isNull();
    inTime.customerReplied(due.minusSeconds(5));
    assertThat(inTime.firstRespondedAt()).isNull();
    inTime.supportReplied(due);
    inTime.solve(due.plusSeconds(60), REOPEN);
    assertThat(inTime.firstRespondedAt()).isEqualTo(due);
    for (Instant now : List.of(due, due.plusSeconds(1), due.plus(Duration.ofDays(30)))) {
      assertThat(inTime.overdue(now)).as("answered at its due time, at %s", now).isFalse();
    }

    SupportCase late = opened();
    assertThat(late.overdue(due)).isFalse();
    assertThat(late.overdue(due.plusMillis(1))).isTrue();
    late.solve(due.plusSeconds(30), REOPEN);
    assertThat(late.firstRespondedAt()).isEqualTo(due.plusSeconds(30));
    assertThat(late.overdue(due.plus(Duration.ofDays(2)))).as("answered late stays marked").isTrue();
  }

  @Test
  void onlyTheOrdersBuyerOrSellerOpensACaseAndTheyAreItsParticipants() {
    assertThatThrownBy(() -> SupportCase.open(UUID.randomUUID(), "CASE-1", UUID.randomUUID(), "261201-7K3F9Q2M", BUYER,
        SELLER, CaseTopic.OTHER, AGENT, Role.SUPPORT, OPENED_AT, FIRST_RESPONSE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SupportCase.open(UUID.randomUUID(), "CASE-1", UUID.randomUUID(), "261201-7K3F9Q2M", BUYER,
        SELLER, CaseTopic.OTHER, SELLER, Role.BUYER, OPENED_AT, FIRST_RESPONSE)).isInstanceOf(IllegalArgumentException.class);
    SupportCase c = opened();
    assertThat(c.firstResponseDue()).isEqualTo(OPENED_AT.plus(FIRST_RESPONSE));
    assertThat(c.hasParticipant(BUYER)).isTrue();
    assertThat(c.hasParticipant(SELLER)).isTrue();
    assertThat(c.hasParticipant(AGENT)).isFalse();
    assertThat(c.hasParticipant(null)).isFalse();
  }
}
