package dev.orderly.cancellation;

import dev.orderly.order.SystemActor;
import static dev.orderly.cancellation.CancellationStatus.APPROVED;
import static dev.orderly.cancellation.CancellationStatus.AUTO_APPROVED;
import static dev.orderly.cancellation.CancellationStatus.ESCALATED;
import static dev.orderly.cancellation.CancellationStatus.PENDING_SELLER;
import static dev.orderly.cancellation.CancellationStatus.REJECTED;
import static dev.orderly.cancellation.CancellationStatus.RESOLVED_APPROVED;
import static dev.orderly.cancellation.CancellationStatus.RESOLVED_REJECTED;
import static dev.orderly.cancellation.CancellationStatus.WITHDRAWN;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A buyer's request to cancel an order. Each step checks the status it expects and refuses
 * anything else with {@link ErrorCode#ILLEGAL_CANCELLATION_TRANSITION}, changing nothing; the
 * seller's answers also refuse once the response deadline has passed, which belongs to the timer
 * ({@link ErrorCode#SELLER_RESPONSE_DEADLINE_PASSED}). Money is in the order's currency: {@code fee}
 * kept by the seller, {@code refundAmount} returned to the buyer.
 */
public final class CancellationRequest {

  private final UUID id;
  private final UUID orderId;
  private final UUID buyerId;
  private final UUID sellerId;
  private final Eligibility.Mode mode;
  private final CancellationReason reason;
  private final @Nullable String note;
  private Money fee;
  private Money refundAmount;
  private final @Nullable Instant respondBy;
  private final Instant createdAt;
  private CancellationStatus status;
  private @Nullable Instant decidedAt;
  private @Nullable String decidedBy;
  private @Nullable String decisionNote;
  private @Nullable Instant escalatedAt;
  private @Nullable String escalationNote;
  private @Nullable Instant resolvedAt;
  private @Nullable String resolvedBy;
  private @Nullable String resolutionNote;
  private @Nullable String confirmationNumber;
  private @Nullable Instant confirmedAt;

  @SuppressWarnings("checkstyle:ParameterNumber")
  CancellationRequest(UUID id, UUID orderId, UUID buyerId, UUID sellerId, Eligibility.Mode mode,
      CancellationReason reason, @Nullable String note, Money fee, Money refundAmount, @Nullable Instant respondBy,
      Instant createdAt, CancellationStatus status) {
    this.id = id;
    this.orderId = orderId;
    this.buyerId = buyerId;
    this.sellerId = sellerId;
    this.mode = mode;
    this.reason = reason;
    this.note = note;
    this.fee = fee;
    this.refundAmount = refundAmount;
    this.respondBy = respondBy;
    this.createdAt = createdAt;
    this.status = status;
  }

  /**
   * A new request as the eligibility answer allows it: approved at once, or pending with the
   * seller until the response deadline. "Other" must say why.
   */
  static CancellationRequest open(UUID id, UUID orderId, UUID buyerId, UUID sellerId, Eligibility eligibility,
      CancellationReason reason, @Nullable String note, Instant now) {
    if (!eligibility.allowed()) {
      throw new IllegalArgumentException("a refused cancellation cannot become a request");
    }
    if (reason == CancellationReason.OTHER && (note == null || note.isBlank())) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "reason OTHER needs a note saying why",
          Map.of("errors", List.of(Map.of("field", "note", "message", "required when reason is OTHER"))));
    }
    boolean immediate = eligibility.mode() == Eligibility.Mode.IMMEDIATE;
    return new CancellationRequest(id, orderId, buyerId, sellerId, eligibility.mode(), reason, note, eligibility.fee(),
        eligibility.refundAmount(), immediate ? null : eligibility.sellerRespondBy(), now,
        immediate ? APPROVED : PENDING_SELLER);
  }

  void approveBySeller(String seller, @Nullable String note, Instant now) {
    requireSellerMayAnswer(now);
    decide(APPROVED, seller, note, now);
  }

  void rejectBySeller(String seller, @Nullable String note, Instant now) {
    requireSellerMayAnswer(now);
    decide(REJECTED, seller, note, now);
  }

  /** The seller did not answer in time. */
  void autoApprove(Instant now) {
    require("auto-approve", PENDING_SELLER);
    if (now.isBefore(respondBy)) {
      throw new OrderlyException(ErrorCode.ILLEGAL_CANCELLATION_TRANSITION,
          "the seller may still answer until " + respondBy);
    }
    decide(AUTO_APPROVED, SystemActor.SELLER_RESPONSE_TIMER.label(), "no answer from the seller by " + respondBy, now);
  }

  /** The order shipped while the seller had not answered: shipping is the seller's "no". */
  void closeByShipping(String seller, Instant now) {
    require("close", PENDING_SELLER);
    decide(REJECTED, seller, "the order was shipped", now);
  }

  void withdraw(Instant now) {
    require("withdraw", PENDING_SELLER);
    status = WITHDRAWN;
    decidedAt = now;
  }

  void escalate(@Nullable String note, Instant now) {
    require("escalate", REJECTED);
    status = ESCALATED;
    escalatedAt = now;
    escalationNote = note;
  }

  void resolve(boolean approve, String support, @Nullable String note, Instant now) {
    require("resolve", ESCALATED);
    status = approve ? RESOLVED_APPROVED : RESOLVED_REJECTED;
    resolvedAt = now;
    resolvedBy = support;
    resolutionNote = note;
  }

  /**
   * The order was cancelled another way (by the seller or support) while this request was open:
   * the request is granted with the full refund of that cancellation.
   */
  void grantedByOrderCancellation(String actor, String note, Money fullRefund, Instant now) {
    require("close", PENDING_SELLER, ESCALATED);
    fee = Money.zero(fullRefund.currency());
    refundAmount = fullRefund;
    if (status == ESCALATED) {
      resolve(true, actor, note, now);
    } else {
      decide(APPROVED, actor, note, now);
    }
  }

  /** Once granted: the number and time the buyer can show later. */
  void confirm(String number, Instant now) {
    if (!status.granted()) {
      throw new IllegalStateException("only a granted request is confirmed");
    }
    confirmationNumber = number;
    confirmedAt = now;
  }

  private void requireSellerMayAnswer(Instant now) {
    require("answer", PENDING_SELLER);
    if (!now.isBefore(respondBy)) {
      throw new OrderlyException(ErrorCode.SELLER_RESPONSE_DEADLINE_PASSED,
          "the response deadline " + respondBy + " has passed; the request is approved automatically",
          Map.of("respondBy", respondBy));
    }
  }

  private void decide(CancellationStatus to, String actor, @Nullable String note, Instant now) {
    status = to;
    decidedAt = now;
    decidedBy = actor;
    decisionNote = note;
  }

  private void require(String action, CancellationStatus... allowed) {
    if (!Arrays.asList(allowed).contains(status)) {
      throw new OrderlyException(ErrorCode.ILLEGAL_CANCELLATION_TRANSITION,
          "cannot " + action + " cancellation request " + id + ": it is " + status,
          Map.of("requestStatus", status, "expectedStatus", List.of(allowed)));
    }
  }

  /** Rebuilds a request as stored; for the cancellation repository only (it changes nothing, checks nothing). */
  @SuppressWarnings("checkstyle:ParameterNumber")
  public static CancellationRequest restore(UUID id, UUID orderId, UUID buyerId, UUID sellerId, Eligibility.Mode mode,
      CancellationReason reason, @Nullable String note, Money fee, Money refundAmount, @Nullable Instant respondBy,
      Instant createdAt, CancellationStatus status, @Nullable Instant decidedAt, @Nullable String decidedBy,
      @Nullable String decisionNote, @Nullable Instant escalatedAt, @Nullable String escalationNote,
      @Nullable Instant resolvedAt, @Nullable String resolvedBy, @Nullable String resolutionNote,
      @Nullable String confirmationNumber, @Nullable Instant confirmedAt) {
    CancellationRequest r = new CancellationRequest(id, orderId, buyerId, sellerId, mode, reason, note, fee,
        refundAmount, respondBy, createdAt, status);
    r.decidedAt = decidedAt;
    r.decidedBy = decidedBy;
    r.decisionNote = decisionNote;
    r.escalatedAt = escalatedAt;
    r.escalationNote = escalationNote;
    r.resolvedAt = resolvedAt;
    r.resolvedBy = resolvedBy;
    r.resolutionNote = resolutionNote;
    r.confirmationNumber = confirmationNumber;
    r.confirmedAt = confirmedAt;
    return r;
  }

  public UUID id() { return id; }
  public UUID orderId() { return orderId; }
  public UUID buyerId() { return buyerId; }
  public UUID sellerId() { return sellerId; }
  public Eligibility.Mode mode() { return mode; }
  public CancellationReason reason() { return reason; }
  public @Nullable String note() { return note; }
  public Money fee() { return fee; }
  public Money refundAmount() { return refundAmount; }
  public @Nullable Instant respondBy() { return respondBy; }
  public Instant createdAt() { return createdAt; }
  public CancellationStatus status() { return status; }
  public @Nullable Instant decidedAt() { return decidedAt; }
  public @Nullable String decidedBy() { return decidedBy; }
  public @Nullable String decisionNote() { return decisionNote; }
  public @Nullable Instant escalatedAt() { return escalatedAt; }
  public @Nullable String escalationNote() { return escalationNote; }
  public @Nullable Instant resolvedAt() { return resolvedAt; }
  public @Nullable String resolvedBy() { return resolvedBy; }
  public @Nullable String resolutionNote() { return resolutionNote; }
  public @Nullable String confirmationNumber() { return confirmationNumber; }
  public @Nullable Instant confirmedAt() { return confirmedAt; }
}
