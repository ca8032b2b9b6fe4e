package dev.orderly.payment.internal;

import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentGateway.ProviderResult;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.payment.ProviderUnavailableException;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closing pending attempts at the provider, now: the provider's answer (closed, or paid or failed
 * after all) is applied like any other news. One it cannot reach keeps its close request for
 * reconciliation to close later.
 */
@Component
public class ProviderCloses {

  private final PaymentAttemptRepository attempts;
  private final PaymentProviders providers;
  private final ProviderNews news;
  private final MethodHealth health;
  private final TransactionTemplate ownTransaction;

  ProviderCloses(PaymentAttemptRepository attempts, PaymentProviders providers, ProviderNews news, MethodHealth health,
      PlatformTransactionManager transactions) {
    this.attempts = attempts;
    this.providers = providers;
    this.news = news;
    this.health = health;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Closes each pending attempt of the order at the provider; one may turn out to be paid, which the
   * caller sees on the order. Callers must not hold the order's lock.
   */
  public void closePending(UUID orderId, PaymentFailureCode reason, String actor) {
    for (PaymentAttempt attempt : attempts.pendingOfOrder(orderId)) {
      closeAtProvider(attempt, reason, actor);
    }
  }

  /**
   * Closes a pending attempt at the provider and applies the answer: closed, or paid after all.
   * Returns false when the provider could not be reached; the attempt then keeps {@code reason} as
   * its close request, for reconciliation to close it later.
   */
  public boolean closeAtProvider(PaymentAttempt attempt, PaymentFailureCode reason, String actor) {
    ProviderResult result;
    try {
      result = askToClose(attempt, reason);
    } catch (ProviderUnavailableException e) {
      health.record(attempt.method(), MethodHealth.Outcome.UNREACHABLE, attempt.id());
      keepForLater(attempt, reason);
      return false;
    }
    news.apply(result, actor, TimelineEventType.PAYMENT_CLOSE_ANSWERED, true);
    return true;
  }

  private ProviderResult askToClose(PaymentAttempt attempt, PaymentFailureCode reason) {
    PaymentGateway gateway = providers.of(attempt);
    String reference = attempt.providerReference();
    return switch (gateway.close(reference)) {
      case CLOSED -> new ProviderResult(reference, AttemptStatus.CLOSED, reason);
      case ALREADY_PAID -> new ProviderResult(reference, AttemptStatus.SUCCEEDED);
      case ALREADY_FAILED -> gateway.query(reference);
    };
  }

  /** In a transaction of its own: the caller's work may roll back, the wish to close stays. */
  private void keepForLater(PaymentAttempt attempt, PaymentFailureCode reason) {
    if (attempt.status() != AttemptStatus.PENDING) {
      return;
    }
    attempt.requestClose(reason);
    // no row: resolved meanwhile, so nothing is left to close
    ownTransaction.executeWithoutResult(tx -> attempts.saveCloseRequest(attempt));
  }
}
