package dev.orderly.payment.internal;

import dev.orderly.order.Order;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import dev.orderly.order.SystemActor;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentGateway.ProviderResult;
import dev.orderly.timer.Backoff;
import dev.orderly.timer.Lease;
import dev.orderly.timer.LeasedWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pending attempts Orderly has not heard about in a while, in case a callback never comes: the
 * provider is asked, with growing pauses ({@code orderly.payment.reconcile-after}, doubling, at
 * most {@link #MAX_PAUSE}). Attempts that must be closed (superseded by a newer one, or their
 * order paid or closed) are closed at the provider here too, until the provider confirms. Rows are
 * leased on {@code next_check_at}; the next look is written only while the lease holds, so a close
 * request made meanwhile (due at once) is not pushed back.
 */
@Component
public class PaymentReconciler extends LeasedWork<PaymentAttemptRepository.Due> {
  public static final String NAME = "payment-reconciliation";
  static final Duration MAX_PAUSE = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(PaymentReconciler.class);
  private static final String ACTOR = SystemActor.RECONCILIATION.label();

  private final PaymentAttemptRepository attempts;
  private final ProviderNews news;
  private final ProviderCloses closes;
  private final ProviderQueries provider;
  private final OrderService orders;
  private final Clock clock;
  private final Backoff backoff;

  PaymentReconciler(JdbcClient jdbc, TransactionTemplate transactions, PaymentAttemptRepository attempts,
      ProviderNews news, ProviderCloses closes, ProviderQueries provider, OrderService orders,
      Clock clock, @Value("${orderly.payment.reconcile-after:PT2M}") Duration firstPause) {
    super(jdbc, transactions, new Rows(NAME, "payment_attempts", "next_check_at", "TRUE", 50, Duration.ofSeconds(30)));
    this.attempts = attempts;
    this.news = news;
    this.closes = closes;
    this.provider = provider;
    this.orders = orders;
    this.clock = clock;
    this.backoff = new Backoff(firstPause.compareTo(MAX_PAUSE) < 0 ? firstPause : MAX_PAUSE, MAX_PAUSE);
  }

  @Override
  protected List<PaymentAttemptRepository.Due> load(List<Lease> leases) {
    return attempts.due(leases);
  }

  @Override
  protected void handle(PaymentAttemptRepository.Due due, Instant now) {
    PaymentAttempt attempt = due.attempt();
    if (attempt.status() != AttemptStatus.PENDING) {
      attempts.stopChecks(due.lease());
      return;
    }
    PaymentFailureCode closeReason = closeReason(attempt);
    if (closeReason != null) {
      if (!closes.closeAtProvider(attempt, closeReason, ACTOR)) {
        later(due);
      }
      return;
    }
    Optional<ProviderResult> result = provider.ask(attempt);
    result.ifPresent(r -> news.apply(r, ACTOR, TimelineEventType.PAYMENT_RECONCILED, false));
    if (result.isEmpty() || result.get().status() == AttemptStatus.PENDING) {
      later(due);
    }
  }

  @Override
  protected void failed(PaymentAttemptRepository.Due due, RuntimeException error) {
    log.warn("reconciling payment {} failed; retrying later", due.attempt().id(), error);
    later(due);
  }

  /** Why a pending attempt must be closed rather than just asked about, if it must. */
  private @Nullable PaymentFailureCode closeReason(PaymentAttempt attempt) {
    if (attempt.closeReason() != null) {
      return attempt.closeReason();
    }
    Order order = orders.find(attempt.orderId()).orElseThrow();
    if (order.status() == OrderStatus.CANCELLED) {
      return PaymentFailureCode.ORDER_CANCELLED;
    }
    return order.status() == OrderStatus.AWAITING_PAYMENT ? null : PaymentFailureCode.ORDER_ALREADY_PAID;
  }

  /**
   * The next look, after a pause that doubles with every look. Nothing is written when the lease no
   * longer holds: the row was resolved, or asked to be closed now, meanwhile.
   */
  private void later(PaymentAttemptRepository.Due due) {
    attempts.checkAgainAt(due.lease(), clock.instant().plus(backoff.pause(due.checks() + 1)));
  }
}
