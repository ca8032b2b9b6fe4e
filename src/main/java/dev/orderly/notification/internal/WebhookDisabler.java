package dev.orderly.notification.internal;

import dev.orderly.common.Text;
import dev.orderly.notification.NotificationType;
import dev.orderly.notification.Notifications;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A delivery kept failing for {@code retry-for}: its subscription is disabled (its other pending
 * deliveries are discarded when due) and its owner told by inbox and email (WEBHOOK_DISABLED). The
 * admin's own subscriptions (no owner, no inbox) are only logged.
 */
@Component
class WebhookDisabler {
  private static final Logger log = LoggerFactory.getLogger(WebhookDisabler.class);

  private final WebhookSubscriptionRepository subscriptions;
  private final Notifications notifications;
  private final DeliveryRetries retries;
  private final TransactionTemplate transactions;
  private final Clock clock;

  WebhookDisabler(WebhookSubscriptionRepository subscriptions, Notifications notifications, DeliveryRetries retries,
      TransactionTemplate transactions, Clock clock) {
    this.subscriptions = subscriptions;
    this.notifications = notifications;
    this.retries = retries;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** Disables the subscription unless it is no longer active (disabled or deleted meanwhile: nothing to do). */
  void disable(UUID subscription, @Nullable String lastError) {
    String error = String.valueOf(lastError);
    transactions.executeWithoutResult(tx -> {
      if (!subscriptions.disable(subscription, "deliveries failed for " + retries.retryFor() + ": " + error,
          clock.instant())) {
        return;
      }
      WebhookTarget t = subscriptions.target(subscription).orElseThrow();
      log.warn("webhook {} to {} disabled after failing for {}: {}", subscription, t.url(), retries.retryFor(), error);
      if (t.ownerId() != null) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("webhookId", subscription.toString());
        data.put("url", t.url());
        data.put("note", Text.truncate(error, 200));
        notifications.send(List.of(new Notifications.Draft(t.ownerId(), NotificationType.WEBHOOK_DISABLED, null, null,
            data)));
      }
    });
  }
}
