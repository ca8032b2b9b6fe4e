package dev.orderly.cancellation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (status, step) pair of a cancellation request: where it leads, or its refusal, changing nothing. */
class CancellationRequestTest {

  static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");
  static final Instant RESPOND_BY = CREATED.plus(Duration.ofHours(48));
  static final Instant BEFORE = RESPOND_BY.minusSeconds(1);
  static final Instant AFTER = RESPOND_BY;

  enum Step {
    APPROVE((r, t) -> r.approveBySeller("seller", "ok", t)),
    REJECT((r, t) -> r.rejectBySeller("seller", "no", t)),
    AUTO_APPROVE((r, t) -> r.autoApprove(t)),
    CLOSE_BY_SHIPPING((r, t) -> r.closeByShipping("seller", t)),
    WITHDRAW((r, t) -> r.withdraw(t)),
    ESCALATE((r, t) -> r.escalate("please", t)),
    RESOLVE_APPROVE((r, t) -> r.resolve(true, "support", "ok", t)),
    RESOLVE_UPHOLD((r, t) -> r.resolve(false, "support", "no", t));

    final BiConsumer<CancellationRequest, Instant> apply;

    Step(BiConsumer<CancellationRequest, Instant> apply) {
      this.apply = apply;
    }
  }

  /** The legal moves (before the seller's deadline unless said); every other pair is refused. */
  static final Map<CancellationStatus, Map<Step, CancellationStatus>> LEGAL = Map.of(
      CancellationStatus.PENDING_SELLER, Map.of(Step.APPROVE, CancellationStatus.APPROVED,
          Step.REJECT, CancellationStatus.REJECTED, Step.CLOSE_BY_SHIPPING, CancellationStatus.REJECTED,
          Step.WITHDRAW, CancellationStatus.WITHDRAWN),
      CancellationStatus.REJECTED, Map.of(Step.ESCALATE, CancellationStatus.ESCALATED),
      CancellationStatus.ESCALATED, Map.of(Step.RESOLVE_APPROVE, CancellationStatus.RESOLVED_APPROVED,
          Step.RESOLVE_UPHOLD, CancellationStatus.RESOLVED_REJECTED));

  static CancellationRequest in(CancellationStatus status) {
    return CancellationRequest.restore(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
        Eligibility.Mode.SELLER_APPROVAL, CancellationReason.CHANGED_MIND, null, Money.of("2.00", "USD"),
        Money.of("18.00", "USD"), RESPOND_BY, CREATED, status, null, null, null, null, null, null, null, null, null,
        null);
  }

  static Stream<Arguments> pairs() {
    return Stream.of(CancellationStatus.values())
        .flatMap(s -> Stream.of(Step.values()).map(step -> Arguments.of(s, step)));
  }

  @ParameterizedTest(name = "{0} --{1}-->")
  @MethodSource("pairs")
  void everyStatusAndStep(CancellationStatus from, Step step) {
    CancellationRequest r = in(from);
    CancellationStatus to = LEGAL.getOrDefault(from, Map.of()).get(step);
    Instant when = step == Step.AUTO_APPROVE ? AFTER : BEFORE;
    if (to == null && !(from == CancellationStatus.PENDING_SELLER && step == Step.AUTO_APPROVE)) {
      assertThatThrownBy(() -> step.apply.accept(r, when)).isInstanceOfSatisfying(OrderlyException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_CANCELLATION_TRANSITION));
      assertThat(r.status()).isEqualTo(from);
      assertThat(r.decidedAt()).isNull();
      return;
    }
    step.apply.accept(r, when);
    assertThat(r.status()).isEqualTo(to == null ? CancellationStatus.AUTO_APPROVED : to);
  }

  @Test
  void theSellersAnswerAtOrAfterTheDeadlineBelongsToTheTimer() {
    for (Step step : new Step[] {Step.APPROVE, Step.REJECT}) {
      CancellationRequest r = in(CancellationStatus.PENDING_SELLER);
      assertThatThrownBy(() -> step.apply.accept(r, AFTER)).isInstanceOfSatisfying(OrderlyException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.SELLER_RESPONSE_DEADLINE_PASSED));
      assertThat(r.status()).isEqualTo(CancellationStatus.PENDING_SELLER);
    }
  }

  @Test
  void theTimerCannotApproveBeforeTheDeadline() {
    CancellationRequest r = in(CancellationStatus.PENDING_SELLER);
    assertThatThrownBy(() -> r.autoApprove(BEFORE)).isInstanceOfSatisfying(OrderlyException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_CANCELLATION_TRANSITION));
    assertThat(r.status()).isEqualTo(CancellationStatus.PENDING_SELLER);
  }

  @Test
  void otherNeedsANoteAndARefusedEligibilityCannotBecomeARequest() {
    Eligibility toSeller = Eligibility.sellerApproval(Money.of("2.00", "USD"), Money.of("18.00", "USD"), RESPOND_BY);
    assertThatThrownBy(() -> CancellationRequest.open(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
        UUID.randomUUID(), toSeller, CancellationReason.OTHER, " ", CREATED))
        .isInstanceOfSatisfying(OrderlyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    CancellationRequest opened = CancellationRequest.open(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
        UUID.randomUUID(), toSeller, CancellationReason.OTHER, "gift no longer needed", CREATED);
    assertThat(opened.status()).isEqualTo(CancellationStatus.PENDING_SELLER);
    assertThat(opened.respondBy()).isEqualTo(RESPOND_BY);
    assertThatThrownBy(() -> CancellationRequest.open(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
        UUID.randomUUID(), Eligibility.refused(ErrorCode.ALREADY_SHIPPED), CancellationReason.CHANGED_MIND, null,
        CREATED)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anImmediateRequestIsApprovedAtOnceWithoutADeadline() {
    CancellationRequest r = CancellationRequest.open(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
        UUID.randomUUID(), Eligibility.immediate(Money.of("20.00", "USD")), CancellationReason.CHANGED_MIND, null,
        CREATED);
    assertThat(r.status()).isEqualTo(CancellationStatus.APPROVED);
    assertThat(r.respondBy()).isNull();
    assertThat(r.refundAmount()).isEqualTo(Money.of("20.00", "USD"));
  }
}
