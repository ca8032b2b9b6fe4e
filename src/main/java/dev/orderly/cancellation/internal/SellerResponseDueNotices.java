package dev.orderly.cancellation.internal;

import dev.orderly.cancellation.SellerResponseDue;
import dev.orderly.timer.DueNotices;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Warns sellers before their pending requests are approved automatically: due notices are taken in
 * the transaction that publishes {@link SellerResponseDue}, so each request gets one notice; an
 * answered request has none left.
 */
@Component
public class SellerResponseDueNotices extends DueNotices {
  public static final String NAME = "seller-response-due";

  private final ApplicationEventPublisher events;
  private final Clock clock;

  SellerResponseDueNotices(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
      Clock clock) {
    super(jdbc, transactions, NAME, "cancellation_requests", "response_due_notice_at", "status = 'PENDING_SELLER'",
        100);
    this.events = events;
    this.clock = clock;
  }

  @Override
  protected void publish(List<UUID> ids) {
    events.publishEvent(new SellerResponseDue(ids, clock.instant()));
  }
}
