package dev.orderly.order;

import static dev.orderly.order.OrderStatus.AWAITING_PAYMENT;
import static dev.orderly.order.OrderStatus.CANCELLED;
import static dev.orderly.order.OrderStatus.COMPLETED;
import static dev.orderly.order.OrderStatus.DELIVERED;
import static dev.orderly.order.OrderStatus.PAID;
import static dev.orderly.order.OrderStatus.PROCESSING;
import static dev.orderly.order.OrderStatus.SHIPPED;

import dev.orderly.common.Durations;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Ids;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.policy.SellerPolicy;
import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The order aggregate. Each transition checks the status it expects and refuses anything else
 * with {@link ErrorCode#ILLEGAL_ORDER_TRANSITION}, changing nothing. No Spring, no clock of its own.
 */
public final class Order {

  private static final Set<OrderStatus> CANCELLABLE = Collections.unmodifiableSet(
      EnumSet.of(AWAITING_PAYMENT, PAID, PROCESSING));
  private static final Set<OrderStatus> CANCELLABLE_BY_SUPPORT = Collections.unmodifiableSet(
      EnumSet.of(AWAITING_PAYMENT, PAID, PROCESSING, SHIPPED));

  private final UUID id;
  private final String number;
  private final UUID buyerId;
  private final UUID sellerId;
  private final List<OrderLine> lines;
  private final Money total;
  private final boolean digital;
  private final SellerPolicy policy;
  private final Instant placedAt;
  private Instant paymentDeadline;
  private OrderStatus status;
  private @Nullable CancelReason cancelReason;
  private @Nullable Instant paidAt;
  private @Nullable Instant processingAt;
  private @Nullable Instant shippedAt;
  private @Nullable Instant deliveredAt;
  private @Nullable Instant completedAt;
  private @Nullable Instant cancelledAt;
  private @Nullable Instant autoCompleteAt;
  private @Nullable String carrier;
  private @Nullable String trackingNumber;
  private boolean paymentPending;
  /** When to remind the buyer to pay; null once reminded or no longer awaiting payment. */
  private @Nullable Instant paymentReminderAt;
  private Duration outageExtension = Duration.ZERO;
  private Duration supportExtension = Duration.ZERO;

  Order(UUID id, String number, UUID buyerId, UUID sellerId, List<OrderLine> lines, Money total, boolean digital,
      SellerPolicy policy, Instant placedAt, Instant paymentDeadline, OrderStatus status) {
    this.id = id;
    this.number = number;
    this.buyerId = buyerId;
    this.sellerId = sellerId;
    this.lines = List.copyOf(lines);
    this.total = total;
    this.digital = digital;
    this.policy = policy;
    this.placedAt = placedAt;
    this.paymentDeadline = paymentDeadline;
    this.status = status;
  }

  /** A new order awaiting payment; its deadline comes from the seller's policy as it is now. */
  static Order place(UUID id, String number, UUID buyerId, UUID sellerId, List<OrderLine> lines, boolean digital,
      SellerPolicy policy, Instant now) {
    Order order = new Order(id, number, buyerId, sellerId, lines, OrderLine.total(lines), digital, policy, now,
        now.plus(policy.paymentWindow()), AWAITING_PAYMENT);
    order.paymentReminderAt = order.reminderFor(order.paymentDeadline, now);
    return order;
  }

  /** The policy's offset before the deadline, or right away when the window is shorter than that. */
  private Instant reminderFor(Instant deadline, Instant now) {
    Instant at = deadline.minus(policy.paymentReminderBefore());
    return at.isBefore(now) ? now : at;
  }

  /**
   * Why this order cannot take a payment now, or empty when it can: only an order awaiting payment
   * whose deadline has not passed is paid. The payment options, starting a payment and the lock
   * taken to pay all ask this, so the answer shown before "pay" is the one "pay" gives.
   */
  public Optional<ErrorCode> whyNotPayable(Instant now) {
    if (status != AWAITING_PAYMENT) {
      return Optional.of(ErrorCode.ORDER_NOT_AWAITING_PAYMENT);
    }
    return now.isBefore(paymentDeadline) ? Optional.empty()
        : Optional.of(ErrorCode.PAYMENT_DEADLINE_PASSED);
  }

  /** Payment verified with the provider. */
  void markPaid(Instant now) {
    if (status != AWAITING_PAYMENT) {
      throw new OrderlyException(ErrorCode.ORDER_NOT_AWAITING_PAYMENT,
          "order " + number + " is " + status + ", not awaiting payment", Map.of("orderStatus", status));
    }
    status = PAID;
    paidAt = now;
    paymentPending = false;
    paymentReminderAt = null;
  }

  void startProcessing(Instant now) {
    require("start processing", PAID);
    status = PROCESSING;
    processingAt = now;
  }

  void ship(String carrier, String trackingNumber, Instant now) {
    require("ship", PROCESSING);
    status = SHIPPED;
    shippedAt = now;
    this.carrier = carrier;
    this.trackingNumber = trackingNumber;
  }

  /** Delivered: the auto-complete window of the policy snapshot starts. */
  void deliver(Instant now) {
    require("deliver", SHIPPED);
    status = DELIVERED;
    deliveredAt = now;
    autoCompleteAt = now.plus(policy.autoCompleteWindow());
  }

  /** The buyer confirmed receipt, or the auto-complete window passed. */
  void complete(Instant now) {
    require("complete", DELIVERED);
    status = COMPLETED;
    completedAt = now;
    autoCompleteAt = null;
  }

  /**
   * The statuses an order may be cancelled from for this reason: before it ships; support may
   * still stop a parcel in transit, nobody else can once it has shipped. The one statement of this
   * rule: {@link #cancel} and {@link #whyNotCancellable} both derive from it.
   */
  public static Set<OrderStatus> cancellableFrom(CancelReason reason) {
    return reason == CancelReason.SUPPORT_CANCELLED ? CANCELLABLE_BY_SUPPORT : CANCELLABLE;
  }

  /**
   * Why this order cannot be cancelled for {@code reason}, as the cancellation endpoints answer it:
   * {@code ALREADY_CANCELLED}, {@code ALREADY_SHIPPED} or {@code ALREADY_DELIVERED} (delivered or
   * completed); empty when {@link #cancel} would accept it.
   */
  public Optional<ErrorCode> whyNotCancellable(CancelReason reason) {
    if (cancellableFrom(reason).contains(status)) {
      return Optional.empty();
    }
    return Optional.of(switch (status) {
      case CANCELLED -> ErrorCode.ALREADY_CANCELLED;
      case SHIPPED -> ErrorCode.ALREADY_SHIPPED;
      case DELIVERED, COMPLETED -> ErrorCode.ALREADY_DELIVERED;
      default -> throw new IllegalStateException(status + " is cancellable for every reason");
    });
  }

  /**
   * Cancelled from a status {@link #cancellableFrom} allows for the reason; the caller releases the stock
   * (reserved while unpaid, sold once paid) and refunds any money taken.
   */
  void cancel(CancelReason reason, Instant now) {
    require("cancel", cancellableFrom(reason));
    status = CANCELLED;
    cancelReason = reason;
    cancelledAt = now;
    paymentPending = false;
    paymentReminderAt = null;
  }

  /** The payment deadline passed with no payment: the only way to PAYMENT_TIMEOUT. */
  void expire(Instant now) {
    require("expire", AWAITING_PAYMENT);
    if (now.isBefore(paymentDeadline)) {
      throw new OrderlyException(ErrorCode.ILLEGAL_ORDER_TRANSITION,
          "order " + number + " is not past its payment deadline " + paymentDeadline);
    }
    cancel(CancelReason.PAYMENT_TIMEOUT, now);
  }

  /**
   * Moves the payment deadline later: for a payment method with a longer window, or because the
   * method the buyer is paying with is degraded ({@code outage}, counted against a bound).
   */
  void extendPaymentDeadline(Instant to, boolean outage) {
    require("extend the payment deadline of", AWAITING_PAYMENT);
    if (!to.isAfter(paymentDeadline)) {
      throw new OrderlyException(ErrorCode.ILLEGAL_ORDER_TRANSITION,
          "a payment deadline only moves later: " + to + " is not after " + paymentDeadline);
    }
    if (outage) {
      outageExtension = outageExtension.plus(Duration.between(paymentDeadline, to));
    }
    if (paymentReminderAt != null) {
      // not reminded yet: the reminder follows the deadline (sent reminders are not repeated)
      paymentReminderAt = reminderFor(to, paymentReminderAt.isBefore(placedAt) ? placedAt : paymentReminderAt);
    }
    paymentDeadline = to;
  }

  /**
   * Support gives the buyer more time to pay (a case, a bank's delay): the deadline moves to
   * {@code by} after the later of the current deadline and {@code now}, so the buyer has at least
   * {@code by} from now. Refused with {@code 409 ORDER_NOT_AWAITING_PAYMENT} once the order is
   * paid or cancelled, and with {@code 422 DEADLINE_EXTENSION_LIMIT_EXCEEDED} when support's
   * extensions of this order would exceed {@code max} in all.
   *
   * @return the new deadline
   */
  Instant extendPaymentDeadlineBySupport(Duration by, Duration max, Instant now) {
    if (status != AWAITING_PAYMENT) {
      throw new OrderlyException(ErrorCode.ORDER_NOT_AWAITING_PAYMENT,
          "order " + number + " is " + status + ": only an unpaid order's deadline can be extended",
          java.util.Map.of("orderStatus", status.name()));
    }
    if (by.isNegative() || by.isZero()) {
      throw new IllegalArgumentException("an extension is positive: " + by);
    }
    if (supportExtension.plus(by).compareTo(max) > 0) {
      throw new OrderlyException(ErrorCode.DEADLINE_EXTENSION_LIMIT_EXCEEDED, "order " + number + " was extended by "
          + Durations.iso(supportExtension) + " already; at most " + Durations.iso(max) + " in all",
          java.util.Map.of("maxExtension", Durations.iso(max), "extendedSoFar", Durations.iso(supportExtension)));
    }
    Instant to = (paymentDeadline.isAfter(now) ? paymentDeadline : now).plus(by);
    supportExtension = supportExtension.plus(by);
    extendPaymentDeadline(to, false);
    return to;
  }

  void paymentPending(boolean pending) {
    this.paymentPending = pending;
  }

  private void require(String action, OrderStatus... allowed) {
    require(action, EnumSet.copyOf(Arrays.asList(allowed)));
  }

  private void require(String action, Set<OrderStatus> allowed) {
    if (allowed.contains(status)) {
      return;
    }
    throw new OrderlyException(ErrorCode.ILLEGAL_ORDER_TRANSITION, "cannot " + action + " order " + number + ": it is " + status,
        Map.of("orderStatus", status, "expectedStatus", List.copyOf(allowed)));
  }

  /** Product quantities of this order in product-id order (the database's, {@link Ids#DATABASE_ORDER}), for stock moves. */
  SortedMap<UUID, Integer> quantities() {
    SortedMap<UUID, Integer> q = new TreeMap<>(Ids.DATABASE_ORDER);
    lines.forEach(l -> q.merge(l.productId(), l.quantity(), Integer::sum));
    return q;
  }

  boolean wasPaid() {
    return paidAt != null;
  }

  public UUID id() { return id; }
  public String number() { return number; }
  public UUID buyerId() { return buyerId; }
  public UUID sellerId() { return sellerId; }
  public List<OrderLine> lines() { return lines; }
  public Money total() { return total; }
  public boolean digital() { return digital; }
  public SellerPolicy policy() { return policy; }
  public Instant placedAt() { return placedAt; }
  public Instant paymentDeadline() { return paymentDeadline; }
  public OrderStatus status() { return status; }
  public @Nullable CancelReason cancelReason() { return cancelReason; }
  public @Nullable Instant paidAt() { return paidAt; }
  public @Nullable Instant processingAt() { return processingAt; }
  public @Nullable Instant shippedAt() { return shippedAt; }
  public @Nullable Instant deliveredAt() { return deliveredAt; }
  public @Nullable Instant completedAt() { return completedAt; }
  public @Nullable Instant cancelledAt() { return cancelledAt; }
  public @Nullable Instant autoCompleteAt() { return autoCompleteAt; }
  public @Nullable String carrier() { return carrier; }
  public @Nullable String trackingNumber() { return trackingNumber; }
  public boolean paymentPending() { return paymentPending; }
  /** How much the deadline was extended because the buyer's payment method was degraded. */
  public Duration outageExtension() { return outageExtension; }
  public @Nullable Instant paymentReminderAt() { return paymentReminderAt; }
  /** How much support extended the payment deadline, in all (bounded by {@code orderly.support.max-deadline-extension}). */
  public Duration supportExtension() { return supportExtension; }

  /** Rebuilds an order as stored; for the order repository only (it changes nothing, checks nothing). */
  @SuppressWarnings("checkstyle:ParameterNumber")
  public static Order restore(UUID id, String number, UUID buyerId, UUID sellerId, List<OrderLine> lines, Money total,
      boolean digital, SellerPolicy policy, Instant placedAt, Instant paymentDeadline, OrderStatus status,
      @Nullable CancelReason cancelReason, @Nullable Instant paidAt, @Nullable Instant processingAt,
      @Nullable Instant shippedAt, @Nullable Instant deliveredAt, @Nullable Instant completedAt,
      @Nullable Instant cancelledAt, @Nullable Instant autoCompleteAt, @Nullable String carrier,
      @Nullable String trackingNumber, boolean paymentPending, Duration outageExtension,
      @Nullable Instant paymentReminderAt, Duration supportExtension) {
    Order o = new Order(id, number, buyerId, sellerId, lines, total, digital, policy, placedAt, paymentDeadline, status);
    o.cancelReason = cancelReason;
    o.paidAt = paidAt;
    o.processingAt = processingAt;
    o.shippedAt = shippedAt;
    o.deliveredAt = deliveredAt;
    o.completedAt = completedAt;
    o.cancelledAt = cancelledAt;
    o.autoCompleteAt = autoCompleteAt;
    o.carrier = carrier;
    o.trackingNumber = trackingNumber;
    o.paymentPending = paymentPending;
    o.outageExtension = outageExtension;
    o.paymentReminderAt = paymentReminderAt;
    o.supportExtension = supportExtension;
    return o;
  }
}
