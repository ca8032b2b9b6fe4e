package dev.orderly.supportcase;

import dev.orderly.access.Actor;
import dev.orderly.access.Role;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.Cursor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Ids;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.Page;
import dev.orderly.order.ListScope;
import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.SystemActor;
import dev.orderly.order.Timeline;
import dev.orderly.order.TimelineEventType;
import dev.orderly.supportcase.internal.CaseCloseTimer;
import dev.orderly.supportcase.internal.CaseRepository;
import dev.orderly.supportcase.internal.FirstResponseBreaches;
import dev.orderly.timer.DueWorkRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Support cases: opening, the conversation, assignment, solving and reopening (API.md, Support
 * cases), and the record of support actions taken from a case. Access: a case is visible to its
 * order's buyer and seller and to support (and the admin); to anyone else it does not exist
 * ({@code 404 CASE_NOT_FOUND}). Internal notes are written and read by support only. Every step
 * but an internal note is written on the order's timeline, which buyer and seller read too.
 *
 * <p>Settings: {@code orderly.support.first-response-within} (default {@code PT24H}),
 * {@code orderly.support.reopen-within} ({@code P7D}); both positive.
 */
@Service
public class SupportCases {

  /** A case with what its reader may see of it: messages (internal ones for support only) and the order's timeline. */
  public record Details(SupportCase supportCase, List<CaseMessage> messages, List<Timeline.Event> timeline) {}

  private final CaseRepository cases;
  private final OrderService orders;
  private final Timeline timeline;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Duration firstResponseWithin;
  private final Duration reopenWithin;
  private final Duration maxDeadlineExtension;
  private final Counter breaches;
  private final MeterRegistry meters;
  private final DueWorkRunner timers;

  SupportCases(CaseRepository cases, OrderService orders, Timeline timeline, Clock clock,
      ApplicationEventPublisher events, MeterRegistry meters, DueWorkRunner timers,
      @Value("${orderly.support.first-response-within:PT24H}") Duration firstResponseWithin,
      @Value("${orderly.support.reopen-within:P7D}") Duration reopenWithin,
      @Value("${orderly.support.max-deadline-extension:P3D}") Duration maxDeadlineExtension) {
    for (Duration d : List.of(firstResponseWithin, reopenWithin, maxDeadlineExtension)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("orderly.support.first-response-within, reopen-within and "
            + "max-deadline-extension must be positive");
      }
    }
    this.maxDeadlineExtension = maxDeadlineExtension;
    this.cases = cases;
    this.orders = orders;
    this.timeline = timeline;
    this.clock = clock;
    this.events = events;
    this.meters = meters;
    this.timers = timers;
    this.firstResponseWithin = firstResponseWithin;
    this.reopenWithin = reopenWithin;
    this.breaches = Counter.builder("orderly.support.first.response.breaches")
        .description("Cases whose first response was not there by its due time").register(meters);
    // one COUNT on an index per read (a Prometheus scrape, the dashboard's poll)
    Gauge.builder("orderly.support.cases.unsolved", cases, CaseRepository::countUnsolved)
        .description("Cases open or pending: waiting for support or for the customer").register(meters);
  }

  /**
   * The order's buyer or seller opens a case with its first message. Refused with
   * {@code 404 ORDER_NOT_FOUND} for an order the actor may not see, {@code 403 FORBIDDEN} for
   * support or the admin (they answer cases, they do not open them), and {@code 409 CASE_ALREADY_OPEN}
   * (members {@code caseId}, {@code caseNumber}) while a case the actor opened on this order is not
   * closed: the actor writes there instead.
   */
  @Transactional
  public Details open(Actor actor, UUID orderId, CaseTopic topic, String message) {
    if (!actor.is(Role.BUYER) && !actor.is(Role.SELLER)) {
      throw new OrderlyException(ErrorCode.FORBIDDEN, "a case is opened by the order's buyer or seller");
    }
    Order order = orders.get(actor, orderId);
    orders.lock(orderId); // cases of one order are numbered one after the other
    UUID opener = java.util.Objects.requireNonNull(actor.id());
    cases.unclosedOpenedBy(orderId, opener).ifPresent(existing -> {
      throw new OrderlyException(ErrorCode.CASE_ALREADY_OPEN, "case " + existing.number() + " on order "
          + order.number() + " is still " + existing.status(),
          Map.of("caseId", existing.id().toString(), "caseNumber", existing.number()));
    });
    Instant now = clock.instant();
    String number = "CASE-" + order.number() + "-" + (cases.countOnOrder(orderId) + 1);
    SupportCase c = SupportCase.open(Ids.next(), number, orderId, order.number(), order.buyerId(), order.sellerId(),
        topic, opener, actor.role(), now, firstResponseWithin);
    cases.insert(c);
    cases.insertMessage(c.id(), message(actor, message, false, null, now));
    timeline.record(orderId, now, TimelineEventType.CASE_OPENED, actor.label(), detail(c, Map.of("topic", topic.name())));
    AfterCommit.run(() -> {
      meters.counter("orderly.support.cases.opened", "topic", topic.name()).increment();
      timers.dueAt(FirstResponseBreaches.NAME, c.firstResponseDue());
    });
    return details(actor, c);
  }

  /** A case the actor may see, with its messages (internal notes for support only) and the order's timeline. */
  public Details get(Actor actor, UUID id) {
    return details(actor, visible(actor, id));
  }

  /**
   * One page of the cases the actor may see, optionally of one status and topic: a buyer's or a
   * seller's newest first; support's (all cases) by first response due, earliest first.
   */
  public Page<SupportCase> list(Actor actor, @Nullable CaseStatus status, @Nullable CaseTopic topic,
      @Nullable Cursor after, int limit) {
    return cases.list(ListScope.of(actor), status, topic, after, limit);
  }

  /** The cases of an order the actor may see, oldest first ({@code 404 ORDER_NOT_FOUND} otherwise). */
  public List<SupportCase> ofOrder(Actor actor, UUID orderId) {
    orders.get(actor, orderId);
    return cases.ofOrder(orderId);
  }

  /**
   * A message on the case. From the order's buyer or seller: a public reply, after which the case
   * waits on support ({@code OPEN}). From support: a public reply (the case then waits on the
   * customer, {@code PENDING}) or an internal note ({@code internal}, status unchanged). An internal
   * note from anyone but support is {@code 403 FORBIDDEN}; a step the status does not allow is
   * {@code 409 ILLEGAL_CASE_TRANSITION} (a solved case is reopened, not answered).
   */
  @Transactional
  public Details write(Actor actor, UUID id, String body, boolean internal) {
    boolean support = isSupport(actor);
    if (internal && !support) {
      throw new OrderlyException(ErrorCode.FORBIDDEN, "internal notes are support's");
    }
    SupportCase c = lockVisible(actor, id);
    CaseStatus from = c.status();
    Instant now = clock.instant();
    if (internal) {
      c.noted(now);
    } else if (support) {
      c.supportReplied(now);
    } else {
      c.customerReplied(now);
    }
    cases.update(c, from);
    cases.insertMessage(id, message(actor, body, internal, null, now));
    if (!internal) {
      timeline.record(c.orderId(), now, TimelineEventType.CASE_REPLIED, actor.label(),
          detail(c, Map.of("status", c.status().name())));
      if (!c.openedBy().equals(actor.id())) {
        events.publishEvent(updated(c, CaseUpdated.Change.REPLIED, body));
      }
    }
    return details(actor, c);
  }

  /** A support agent takes the case ({@code 403 FORBIDDEN} for anyone else); a closed case cannot be taken. */
  @Transactional
  public Details assignToSelf(Actor support, UUID id) {
    requireSupport(support);
    SupportCase c = lockVisible(support, id);
    CaseStatus from = c.status();
    Instant now = clock.instant();
    c.assign(java.util.Objects.requireNonNull(support.id(), "a support agent"), support.name(), now);
    cases.update(c, from);
    timeline.record(c.orderId(), now, TimelineEventType.CASE_ASSIGNED, support.label(),
        detail(c, Map.of("assignee", support.name())));
    return details(support, c);
  }

  /**
   * Support solves the case with a resolution note, sent to the customer as a public message; the
   * opener may reopen it within {@code orderly.support.reopen-within}, after which it closes.
   */
  @Transactional
  public Details solve(Actor support, UUID id, String note) {
    requireSupport(support);
    SupportCase c = lockVisible(support, id);
    CaseStatus from = c.status();
    Instant now = clock.instant();
    c.solve(now, reopenWithin);
    cases.update(c, from);
    cases.insertMessage(id, message(support, note, false, null, now));
    timeline.record(c.orderId(), now, TimelineEventType.CASE_SOLVED, support.label(),
        detail(c, Map.of("note", note, "reopenUntil", String.valueOf(c.closeAt()))));
    events.publishEvent(updated(c, CaseUpdated.Change.STATUS_CHANGED, note));
    Instant closeAt = java.util.Objects.requireNonNull(c.closeAt());
    AfterCommit.run(() -> timers.dueAt(CaseCloseTimer.NAME, closeAt));
    return details(support, c);
  }

  /** The opener reopens a solved case with a message, within the reopen window; anyone else: 403 FORBIDDEN. */
  @Transactional
  public Details reopen(Actor opener, UUID id, String body) {
    SupportCase c = lockVisible(opener, id);
    if (!c.openedBy().equals(opener.id())) {
      throw new OrderlyException(ErrorCode.FORBIDDEN, "only the case's opener reopens it");
    }
    CaseStatus from = c.status();
    Instant now = clock.instant();
    c.reopen(now);
    cases.update(c, from);
    cases.insertMessage(id, message(opener, body, false, null, now));
    timeline.record(c.orderId(), now, TimelineEventType.CASE_REOPENED, opener.label(), detail(c, Map.of()));
    return details(opener, c);
  }

  /**
   * Support extends an unpaid order's payment deadline by {@code by} (at most
   * {@code orderly.support.max-deadline-extension}, default {@code P3D}, in all), with a note, on
   * the order's timeline and, given {@code caseId}, on that case: see
   * {@link OrderService#extendPaymentDeadlineBySupport} for the refusals, and {@link #recordAction}.
   */
  @Transactional
  public Order extendPaymentDeadline(Actor support, UUID orderId, Duration by, String note, @Nullable UUID caseId) {
    requireSupport(support);
    Map<String, Object> detail = caseId == null ? Map.of() : Map.of("caseId", caseId.toString());
    Order order = orders.extendPaymentDeadlineBySupport(support, orderId, by, maxDeadlineExtension, note, detail);
    recordAction(caseId, support, orderId, TimelineEventType.PAYMENT_DEADLINE_EXTENDED, note);
    return order;
  }

  /**
   * Records a support action taken from a case ({@code caseId}; nothing when null) as an internal
   * entry of the case naming the action, with the note. Called in the action's transaction, so a
   * refusal here undoes the action: {@code 404 CASE_NOT_FOUND} when there is no such case or it is
   * about another order, {@code 409 ILLEGAL_CASE_TRANSITION} when it is closed.
   */
  public void recordAction(@Nullable UUID caseId, Actor support, UUID orderId, TimelineEventType action, String note) {
    if (caseId != null) {
      recordOn(caseId, support, c -> c.orderId().equals(orderId), action.name(), note);
    }
  }

  /**
   * Refuses, before an action starts, what {@link #recordAction} would refuse after it: a case that
   * does not exist or is about another order ({@code 404 CASE_NOT_FOUND}) or is closed
   * ({@code 409 ILLEGAL_CASE_TRANSITION}). For actions with effects outside the database (a
   * provider asked, a payment closed) that a rollback cannot undo.
   */
  public void checkCase(@Nullable UUID caseId, UUID orderId) {
    if (caseId != null) {
      SupportCase c = cases.find(caseId).filter(x -> x.orderId().equals(orderId)).orElseThrow(() -> notFound(caseId));
      if (c.status() == CaseStatus.CLOSED) {
        c.noted(clock.instant()); // refuses, naming the status
      }
    }
  }

  /** As {@link #recordAction} for an action on a buyer (a restriction lifted): the case must be about one of its orders. */
  public void recordBuyerAction(@Nullable UUID caseId, Actor support, UUID buyerId, String action, String note) {
    if (caseId != null) {
      recordOn(caseId, support, c -> c.buyerId().equals(buyerId), action, note);
    }
  }

  private void recordOn(UUID caseId, Actor support, java.util.function.Predicate<SupportCase> concerns, String action,
      String note) {
    SupportCase c = cases.lock(caseId).filter(concerns).orElseThrow(() -> notFound(caseId));
    CaseStatus from = c.status();
    Instant now = clock.instant();
    c.noted(now);
    cases.update(c, from);
    cases.insertMessage(caseId, message(support, note, true, action, now));
  }

  /**
   * The close timer's step on a case it holds locked: closes it when its reopen window has ended and
   * tells the opener. Returns false, changing nothing, when the case is no longer solved or its window
   * is still open (reopened meanwhile).
   */
  public boolean closeSolved(SupportCase c, Instant now) {
    if (c.status() != CaseStatus.SOLVED || c.closeAt() == null || now.isBefore(c.closeAt())) {
      return false;
    }
    c.close(now);
    cases.update(c, CaseStatus.SOLVED);
    timeline.record(c.orderId(), now, TimelineEventType.CASE_CLOSED, SystemActor.SUPPORT_CASE_TIMER.label(),
        detail(c, Map.of()));
    events.publishEvent(updated(c, CaseUpdated.Change.STATUS_CHANGED, null));
    return true;
  }

  /** The breach notice's step: the first response of these cases is overdue (counted once per case). */
  public void firstResponsesOverdue(List<UUID> ids, Instant now) {
    timeline.recordAll(cases.findAll(ids).stream().map(c -> new Timeline.Entry(c.orderId(), now,
        TimelineEventType.CASE_FIRST_RESPONSE_OVERDUE, SystemActor.SUPPORT_CASE_TIMER.label(),
        detail(c, Map.of("firstResponseDue", c.firstResponseDue().toString())))).toList());
    AfterCommit.run(() -> breaches.increment(ids.size()));
  }

  private Details details(Actor reader, SupportCase c) {
    return new Details(c, cases.messages(c.id(), isSupport(reader)), timeline.of(c.orderId()));
  }

  private SupportCase visible(Actor actor, UUID id) {
    return visible(actor, id, cases.find(id));
  }

  private SupportCase lockVisible(Actor actor, UUID id) {
    return visible(actor, id, cases.lock(id));
  }

  /** The case if the actor may see it (support, or its order's buyer or seller); {@code CASE_NOT_FOUND} otherwise. */
  private static SupportCase visible(Actor actor, UUID id, java.util.Optional<SupportCase> found) {
    return found.filter(c -> isSupport(actor) || c.hasParticipant(actor.id())).orElseThrow(() -> notFound(id));
  }

  private static boolean isSupport(Actor actor) {
    return actor.is(Role.SUPPORT) || actor.is(Role.ADMIN);
  }

  /** The steps support takes: support agents only (the admin reads cases but does not work them). */
  private static void requireSupport(Actor actor) {
    if (!actor.is(Role.SUPPORT)) {
      throw new OrderlyException(ErrorCode.FORBIDDEN, "only support may do this");
    }
  }

  private static CaseMessage message(Actor author, String body, boolean internal, @Nullable String action, Instant at) {
    return new CaseMessage(Ids.next(), author.name(), author.id(), author.role(), body, internal, action, at);
  }

  private static CaseUpdated updated(SupportCase c, CaseUpdated.Change change, @Nullable String body) {
    return new CaseUpdated(c.id(), c.number(), c.orderId(), c.orderNumber(), c.sellerId(), c.openedBy(), change,
        c.status(), body, c.closeAt());
  }

  private static Map<String, Object> detail(SupportCase c, Map<String, Object> more) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("caseId", c.id().toString());
    d.put("caseNumber", c.number());
    d.putAll(more);
    return d;
  }

  static OrderlyException notFound(UUID id) {
    return new OrderlyException(ErrorCode.CASE_NOT_FOUND, "no support case " + id);
  }
}
