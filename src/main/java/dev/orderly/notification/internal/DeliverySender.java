package dev.orderly.notification.internal;

import dev.orderly.timer.FailureText;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes one attempt of a claimed delivery and moves the {@link Delivery} by its result: delivered,
 * or failed and retried (or given up) as {@link DeliveryRetries} says. Every webhook attempt,
 * successful or not, is kept for the delivery log. Nothing is written here: the relay records the
 * {@link Outcome}s in batches.
 */
@Component
class DeliverySender {
  private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);

  private final EmailChannel email;
  private final WebhookChannel webhook;
  private final NotificationTexts texts;
  private final DeliveryRetries retries;
  private final Clock clock;

  DeliverySender(EmailChannel email, WebhookChannel webhook, NotificationTexts texts, DeliveryRetries retries,
      Clock clock) {
    this.email = email;
    this.webhook = webhook;
    this.texts = texts;
    this.retries = retries;
    this.clock = clock;
  }

  /** Sends an email in the recipient's language (English when it has none), blocking: on an email thread. */
  Outcome sendEmail(ClaimedDelivery d) {
    Instant now = clock.instant();
    try {
      StoredNotification n = d.notification();
      Locale locale = Locale.forLanguageTag(d.locale() == null ? "en" : d.locale());
      email.send(n.id(), d.delivery().target(), texts.render(n.type(), n.data(), locale));
      d.delivery().delivered(null, now);
      return new Outcome(d, null);
    } catch (RuntimeException e) {
      return failed(d, now, null, FailureText.of(e), null);
    }
  }

  /** One signed POST of the notification to the subscription's URL, asynchronously. */
  CompletableFuture<Outcome> sendWebhook(ClaimedDelivery d, WebhookTarget target, String secret) {
    Instant now = clock.instant();
    long started = System.nanoTime();
    String body;
    try {
      body = WebhookPayload.of(d.notification());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failed(d, now, null, FailureText.of(e), null));
    }
    return webhook.send(target.url(), secret, d.notification().id().toString(), now.getEpochSecond(), body)
        .handle((status, error) -> {
          int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
          if (error == null) {
            d.delivery().delivered(status, now);
            return new Outcome(d, new Outcome.Attempt(now, status, null, millis));
          }
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          Integer code = cause instanceof WebhookChannel.Failed f ? f.statusCode() : null;
          String message = FailureText.of(cause);
          return failed(d, now, code, message, new Outcome.Attempt(now, code, message, millis));
        });
  }

  /** Not sent: the subscription was deleted or disabled since the delivery was written. */
  Outcome discarded(ClaimedDelivery d) {
    d.delivery().discarded();
    return new Outcome(d, null);
  }

  /**
   * The send itself broke (not the receiver): counted as a failed attempt, unless the delivery had
   * already moved before it broke.
   */
  Outcome crashed(ClaimedDelivery d, @Nullable Throwable error) {
    if (d.delivery().status().isFinal()) {
      return new Outcome(d, null);
    }
    return failed(d, clock.instant(), null, "delivery crashed: " + error, null);
  }

  private Outcome failed(ClaimedDelivery d, Instant now, @Nullable Integer statusCode, String error,
      Outcome.@Nullable Attempt logged) {
    Delivery delivery = d.delivery();
    log.info("delivery {} of notification {} by {} failed (attempt {}): {}", delivery.id(), delivery.notificationId(),
        delivery.channel(), delivery.attempts() + 1, error);
    delivery.failed(error, statusCode, retries.retryAt(delivery, now), now);
    return new Outcome(d, logged);
  }
}
