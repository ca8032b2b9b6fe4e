package dev.orderly.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.events.internal.EventOutboxRepository;
import dev.orderly.events.internal.EventRelay;
import dev.orderly.support.ApiTest;
import dev.orderly.support.Shop;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Events out are off by default: no outbox writer, no outbox table access, no relay, no exchange, no rows. */
class AmqpEventsDisabledTest extends ApiTest {

  @Autowired
  JdbcClient jdbc;

  @Autowired
  ApplicationContext context;

  @Test
  void disabledByDefaultWritesNothingToTheOutbox() {
    assertThat(context.getBeansOfType(EventOutbox.class)).isEmpty();
    assertThat(context.getBeansOfType(EventRelay.class)).isEmpty();
    assertThat(context.getBeansOfType(EventOutboxRepository.class)).isEmpty();
    assertThat(context.getBeansOfType(TopicExchange.class)).isEmpty();
    Shop shop = Shop.open(api, Map.of(), "10.00", false);
    shop.paidOrder();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM event_outbox").query(Long.class).single()).isZero();
  }
}
