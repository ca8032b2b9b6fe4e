package dev.orderly.payment.internal;

import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import dev.orderly.order.SystemActor;
import dev.orderly.order.Timeline;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentGateway.ProviderResult;
import dev.orderly.timer.DueWork;
import dev.orderly.timer.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unpaid orders at their deadline that still have an attempt awaiting the provider: never closed
 * blindly. The provider is asked first; a payment that succeeded wins; a pending one is closed at
 * the provider (which may answer that it was just paid); only then is the order cancelled. If the
 * provider does not answer, the check is retried until {@code orderly.payment.deadline-grace}
 * after the deadline, then the order is cancelled and late money is refunded when it comes.
 * When the attempt's method is degraded, the deadline is extended instead (bounded), as the
 * platform, not the buyer, is at fault.
 *
 * <p>The rows are the order module's: an order is leased to one instance while it asks
 * ({@link OrderService#claimPendingPaymentDeadlines}), so a crash mid-check lets another instance
 * take over once the lease runs out, and a retry time is written only while the lease holds.
 * Leased work like {@link dev.orderly.timer.LeasedWork}, whose one due column cannot say "the
 * deadline, or the lease's end when later".
 */
@Component
public class PendingPaymentDeadlines implements DueWork {
  private static final Logger log = LoggerFactory.getLogger(PendingPaymentDeadlines.class);
  private static final int BATCH = 20;
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final String ACTOR = SystemActor.PAYMENT_DEADLINE.label();

  private final TransactionTemplate transactions;
  private final PaymentAttemptRepository attempts;
  private final ProviderNews news;
  private final ProviderCloses closes;
  private final CloseRequests closeRequests;
  private final ProviderQueries provider;
  private final OrderService orders;
  private final Timeline timeline;
  private final Clock clock;
  private final MethodHealth health;
  private final Duration grace;
  private final Duration outageExtension;
  private final Duration maxOutageExtension;

  PendingPaymentDeadlines(TransactionTemplate transactions, PaymentAttemptRepository attempts, ProviderNews news,
      ProviderCloses closes, CloseRequests closeRequests, ProviderQueries provider, OrderService orders,
      Timeline timeline, Clock clock, MethodHealth health,
      @Value("${orderly.payment.deadline-grace:PT5M}") Duration grace,
      @Value("${orderly.payment.health.outage-extension:PT30M}") Duration outageExtension,
      @Value("${orderly.payment.health.max-outage-extension:PT2H}") Duration maxOutageExtension) {
    this.transactions = transactions;
    this.attempts = attempts;
    this.news = news;
    this.closes = closes;
    this.closeRequests = closeRequests;
    this.provider = provider;
    this.orders = orders;
    this.timeline = timeline;
    this.clock = clock;
    this.health = health;
    this.grace = grace;
    this.outageExtension = outageExtension;
    this.maxOutageExtension = maxOutageExtension;
  }

  @Override
  public String name() {
    return "pending-payment-deadline";
  }

  @Override
  public int batchSize() {
    return BATCH;
  }

  @Override
  public int runBatch(Instant now) {
    List<Lease> claimed = orders.claimPendingPaymentDeadlines(now, BATCH, now.plus(LEASE).truncatedTo(ChronoUnit.MILLIS));
    for (Lease lease : claimed) {
      try {
        settle(lease);
      } catch (RuntimeException e) {
        log.warn("deadline check of order {} failed; retrying in {}", lease.id(), RETRY, e);
        orders.moveDeadlineCheck(lease, clock.instant().plus(RETRY));
      }
    }
    return claimed.size();
  }

  @Override
  public Optional<Instant> nextDue() {
    return orders.nextPendingPaymentDeadline();
  }

  private void settle(Lease lease) {
    Order order = orders.find(lease.id()).orElseThrow();
    if (order.status() != OrderStatus.AWAITING_PAYMENT) {
      return;
    }
    for (PaymentAttempt attempt : attempts.pendingOfOrder(order.id())) {
      Optional<ProviderResult> answer = provider.ask(attempt);
      if (answer.isPresent() && answer.get().status() != AttemptStatus.PENDING) {
        news.apply(answer.get(), ACTOR, TimelineEventType.PAYMENT_STATUS_CHECKED, true);
      } else if (extendForOutage(order, attempt, lease)) {
        return;
      } else if (answer.isEmpty() || !closes.closeAtProvider(attempt, PaymentFailureCode.DEADLINE_PASSED, ACTOR)) {
        if (retryWithinGrace(order, attempt, lease)) {
          return;
        }
        // grace over: cancel; reconciliation keeps closing the attempt, and late money is refunded
        continue;
      }
      if (attempts.find(attempt.id()).orElseThrow().status() == AttemptStatus.SUCCEEDED) {
        return;
      }
    }
    transactions.executeWithoutResult(tx -> {
      if (orders.expire(order.id(), ACTOR, Map.of("checkedWithProvider", true))) {
        closeRequests.closeLater(order.id(), PaymentFailureCode.DEADLINE_PASSED);
      }
    });
  }

  /**
   * The provider could not answer or close: while the grace lasts, try again later (on the
   * timeline); false once it is over.
   */
  private boolean retryWithinGrace(Order order, PaymentAttempt attempt, Lease lease) {
    Instant now = clock.instant();
    Instant graceEnds = order.paymentDeadline().plus(grace);
    if (!now.isBefore(graceEnds)) {
      return false;
    }
    Instant retryAt = now.plus(backoff(order.paymentDeadline(), now, graceEnds));
    transactions.executeWithoutResult(tx -> {
      if (orders.moveDeadlineCheck(lease, retryAt)) {
        timeline.record(order.id(), now, TimelineEventType.PROVIDER_UNREACHABLE_AT_DEADLINE, ACTOR,
            Map.of("paymentId", attempt.id().toString(), "retryAt", retryAt.toString(),
                "graceEnds", graceEnds.toString()));
      }
    });
    return true;
  }

  /**
   * The buyer's method is degraded: the platform's fault, so the deadline moves later instead of
   * the order being cancelled, by {@code outage-extension} at a time and at most
   * {@code max-outage-extension} in all. The check then falls due at the new deadline.
   */
  private boolean extendForOutage(Order order, PaymentAttempt attempt, Lease lease) {
    if (!health.degraded(attempt.method())) {
      return false;
    }
    Duration left = maxOutageExtension.minus(order.outageExtension());
    if (left.isNegative() || left.isZero()) {
      return false;
    }
    Duration step = outageExtension.compareTo(left) < 0 ? outageExtension : left;
    Instant now = clock.instant();
    Instant to = (order.paymentDeadline().isAfter(now) ? order.paymentDeadline() : now).plus(step);
    Boolean extended = transactions.execute(tx -> {
      boolean done = orders.extendPaymentDeadline(order.id(), to, true, SystemActor.METHOD_HEALTH.label(),
          Map.of("cause", "METHOD_DEGRADED", "method", attempt.method().name(), "paymentId", attempt.id().toString()));
      if (done) {
        orders.moveDeadlineCheck(lease, to);
      }
      return done;
    });
    return Boolean.TRUE.equals(extended);
  }

  /** Retries at growing pauses (the time since the deadline, 1 s to 1 min), never past the grace. */
  private static Duration backoff(Instant deadline, Instant now, Instant graceEnds) {
    Duration pause = Duration.between(deadline, now);
    if (pause.compareTo(Duration.ofSeconds(1)) < 0) {
      pause = Duration.ofSeconds(1);
    }
    if (pause.compareTo(Duration.ofMinutes(1)) > 0) {
      pause = Duration.ofMinutes(1);
    }
    Duration untilGraceEnds = Duration.between(now, graceEnds);
    return pause.compareTo(untilGraceEnds) > 0 ? untilGraceEnds : pause;
  }
}
