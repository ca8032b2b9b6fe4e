package dev.orderly.supportcase.internal;

import dev.orderly.supportcase.SupportCases;
import dev.orderly.timer.DueNotices;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts each case whose first response was not there by its due time, once, at that time
 * ({@code breach_check_at}, cleared by the first response): the metric
 * {@code orderly_support_first_response_breaches_total} and a {@code CASE_FIRST_RESPONSE_OVERDUE}
 * entry on the order's timeline. A case answered in time never reaches it.
 */
@Component
public class FirstResponseBreaches extends DueNotices {
  public static final String NAME = "support-first-response";

  private final SupportCases supportCases;
  private final Clock clock;

  FirstResponseBreaches(JdbcClient jdbc, TransactionTemplate transactions, @Lazy SupportCases supportCases,
      Clock clock) {
    super(jdbc, transactions, NAME, "support_cases", "breach_check_at",
        "first_responded_at IS NULL AND status <> 'CLOSED'", 100);
    this.supportCases = supportCases;
    this.clock = clock;
  }

  @Override
  protected void publish(List<UUID> ids) {
    supportCases.firstResponsesOverdue(ids, clock.instant());
  }
}
