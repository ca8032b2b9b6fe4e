package dev.orderly.supportcase;

import static dev.orderly.supportcase.CaseStatus.CLOSED;
import static dev.orderly.supportcase.CaseStatus.OPEN;
import static dev.orderly.supportcase.CaseStatus.PENDING;
import static dev.orderly.supportcase.CaseStatus.SOLVED;

import dev.orderly.access.Role;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A support case on one order: the aggregate of the help-desk lifecycle (PRODUCT.md, Support cases;
 * Zendesk's statuses). Each step takes the time and checks the status it expects; anything else is
 * refused with {@link ErrorCode#ILLEGAL_CASE_TRANSITION} (409) and changes nothing.
 *
 * <ul>
 *   <li>{@link #customerReplied}: {@code OPEN}, {@code PENDING} → {@code OPEN} (waiting on support again);
 *   <li>{@link #supportReplied} (a public reply): {@code OPEN}, {@code PENDING} → {@code PENDING}; the
 *       first one is the case's first response;
 *   <li>{@link #noted} (an internal note) and {@link #assign}: any status but {@code CLOSED}, no change;
 *   <li>{@link #solve}: {@code OPEN}, {@code PENDING} → {@code SOLVED}, reopenable until
 *       {@link #closeAt()} = now + the reopen window; solving also answers the customer;
 *   <li>{@link #reopen}: {@code SOLVED} → {@code OPEN}, only before {@link #closeAt()};
 *   <li>{@link #close}: {@code SOLVED} → {@code CLOSED}, only from {@link #closeAt()} on (the timer).
 * </ul>
 * Who may take which step (the opener, a participant, support) is the service's to check.
 */
public final class SupportCase {
  /** The longest message, in characters. */
  public static final int MAX_BODY = 4000;

  private final UUID id;
  private final String number;
  private final UUID orderId;
  private final String orderNumber;
  private final UUID buyerId;
  private final UUID sellerId;
  private final CaseTopic topic;
  private final UUID openedBy;
  private final Role openerRole;
  private final Instant createdAt;
  private final Instant firstResponseDue;
  private CaseStatus status;
  private @Nullable UUID assignee;
  private @Nullable String assigneeName;
  private @Nullable Instant firstRespondedAt;
  private @Nullable Instant solvedAt;
  private @Nullable Instant closeAt;
  private @Nullable Instant closedAt;
  private Instant updatedAt;

  @SuppressWarnings("checkstyle:ParameterNumber")
  private SupportCase(UUID id, String number, UUID orderId, String orderNumber, UUID buyerId, UUID sellerId,
      CaseTopic topic, UUID openedBy, Role openerRole, Instant createdAt, Instant firstResponseDue, CaseStatus status,
      @Nullable UUID assignee, @Nullable String assigneeName, @Nullable Instant firstRespondedAt,
      @Nullable Instant solvedAt, @Nullable Instant closeAt, @Nullable Instant closedAt, Instant updatedAt) {
    this.id = id;
    this.number = number;
    this.orderId = orderId;
    this.orderNumber = orderNumber;
    this.buyerId = buyerId;
    this.sellerId = sellerId;
    this.topic = topic;
    this.openedBy = openedBy;
    this.openerRole = openerRole;
    this.createdAt = createdAt;
    this.firstResponseDue = firstResponseDue;
    this.status = status;
    this.assignee = assignee;
    this.assigneeName = assigneeName;
    this.firstRespondedAt = firstRespondedAt;
    this.solvedAt = solvedAt;
    this.closeAt = closeAt;
    this.closedAt = closedAt;
    this.updatedAt = updatedAt;
  }

  /**
   * A new case, {@code OPEN}, opened by the order's buyer or seller ({@code openerRole}), its first
   * response due {@code firstResponseWithin} after {@code now}.
   */
  public static SupportCase open(UUID id, String number, UUID orderId, String orderNumber, UUID buyerId, UUID sellerId,
      CaseTopic topic, UUID openedBy, Role openerRole, Instant now, Duration firstResponseWithin) {
    if (openerRole != Role.BUYER && openerRole != Role.SELLER) {
      throw new IllegalArgumentException("a case is opened by the order's buyer or seller, not " + openerRole);
    }
    if (!openedBy.equals(openerRole == Role.BUYER ? buyerId : sellerId)) {
      throw new IllegalArgumentException("the opener is not the order's " + openerRole);
    }
    return new SupportCase(id, number, orderId, orderNumber, buyerId, sellerId, topic, openedBy, openerRole, now,
        now.plus(firstResponseWithin), OPEN, null, null, null, null, null, null, now);
  }

  /** A case as stored, for the repository. */
  @SuppressWarnings("checkstyle:ParameterNumber")
  public static SupportCase restore(UUID id, String number, UUID orderId, String orderNumber, UUID buyerId,
      UUID sellerId, CaseTopic topic, UUID openedBy, Role openerRole, Instant createdAt, Instant firstResponseDue,
      CaseStatus status, @Nullable UUID assignee, @Nullable String assigneeName, @Nullable Instant firstRespondedAt,
      @Nullable Instant solvedAt, @Nullable Instant closeAt, @Nullable Instant closedAt, Instant updatedAt) {
    return new SupportCase(id, number, orderId, orderNumber, buyerId, sellerId, topic, openedBy, openerRole, createdAt,
        firstResponseDue, status, assignee, assigneeName, firstRespondedAt, solvedAt, closeAt, closedAt, updatedAt);
  }

  /** The buyer or the seller wrote: the case waits on support again. */
  public void customerReplied(Instant now) {
    require("reply", OPEN, PENDING);
    status = OPEN;
    updatedAt = now;
  }

  /** Support answered publicly: the case waits on the customer; the first answer is the first response. */
  public void supportReplied(Instant now) {
    require("reply", OPEN, PENDING);
    responded(now);
    status = PENDING;
    updatedAt = now;
  }

  /** Support wrote an internal note: no status changes, and it is not a response to the customer. */
  public void noted(Instant now) {
    require("add an internal note", OPEN, PENDING, SOLVED);
    updatedAt = now;
  }

  /** The case is taken by a support agent (who may take it from another). */
  public void assign(UUID agent, String agentName, Instant now) {
    require("assign", OPEN, PENDING, SOLVED);
    assignee = agent;
    assigneeName = agentName;
    updatedAt = now;
  }

  /** Support solved the case with a resolution note (sent to the customer); reopenable until now + {@code reopenWithin}. */
  public void solve(Instant now, Duration reopenWithin) {
    require("solve", OPEN, PENDING);
    responded(now);
    status = SOLVED;
    solvedAt = now;
    closeAt = now.plus(reopenWithin);
    updatedAt = now;
  }

  /** The opener reopens a solved case, before its reopen window ends. */
  public void reopen(Instant now) {
    require("reopen", SOLVED);
    if (!now.isBefore(Objects.requireNonNull(closeAt))) {
      throw illegal("reopen", "its reopen window ended at " + closeAt);
    }
    status = OPEN;
    solvedAt = null;
    closeAt = null;
    updatedAt = now;
  }

  /** The timer closes a solved case once its reopen window has ended; final. */
  public void close(Instant now) {
    require("close", SOLVED);
    if (now.isBefore(Objects.requireNonNull(closeAt))) {
      throw illegal("close", "it may be reopened until " + closeAt);
    }
    status = CLOSED;
    closedAt = now;
    closeAt = null;
    updatedAt = now;
  }

  /**
   * Whether the first response is, or was, late: none yet and its due time has passed, or it came
   * after it. A case answered in time is never overdue.
   */
  public boolean overdue(Instant now) {
    return firstRespondedAt == null ? now.isAfter(firstResponseDue) && status != CLOSED
        : firstRespondedAt.isAfter(firstResponseDue);
  }

  /** Whether the principal is the order's buyer or seller: the case's participants besides support. */
  public boolean hasParticipant(@Nullable UUID principal) {
    return buyerId.equals(principal) || sellerId.equals(principal);
  }

  private void responded(Instant now) {
    if (firstRespondedAt == null) {
      firstRespondedAt = now;
    }
  }

  private void require(String action, CaseStatus... allowed) {
    if (Arrays.stream(allowed).noneMatch(s -> s == status)) {
      throw illegal(action, "it is " + status);
    }
  }

  private OrderlyException illegal(String action, String why) {
    return new OrderlyException(ErrorCode.ILLEGAL_CASE_TRANSITION, "case " + number + " cannot " + action + ": " + why,
        Map.of("caseStatus", status.name()));
  }

  public UUID id() { return id; }
  public String number() { return number; }
  public UUID orderId() { return orderId; }
  public String orderNumber() { return orderNumber; }
  public UUID buyerId() { return buyerId; }
  public UUID sellerId() { return sellerId; }
  public CaseTopic topic() { return topic; }
  public UUID openedBy() { return openedBy; }
  public Role openerRole() { return openerRole; }
  public Instant createdAt() { return createdAt; }
  public Instant firstResponseDue() { return firstResponseDue; }
  public CaseStatus status() { return status; }
  public @Nullable UUID assignee() { return assignee; }
  public @Nullable String assigneeName() { return assigneeName; }
  public @Nullable Instant firstRespondedAt() { return firstRespondedAt; }
  public @Nullable Instant solvedAt() { return solvedAt; }
  /** Until when a solved case may be reopened; the close timer's due time. Null unless solved. */
  public @Nullable Instant closeAt() { return closeAt; }
  public @Nullable Instant closedAt() { return closedAt; }
  public Instant updatedAt() { return updatedAt; }
}
