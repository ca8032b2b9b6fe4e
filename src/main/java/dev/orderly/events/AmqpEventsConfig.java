package dev.orderly.events;

import org.springframework.amqp.core.TopicExchange;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The exchange, declared (durable) by Spring Boot's {@code RabbitAdmin} when the relay first
 * connects. Only when events out are enabled.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = AmqpEventsConfig.ENABLED, havingValue = "true")
class AmqpEventsConfig {
  static final String ENABLED = "orderly.events.amqp.enabled";
  static final String EXCHANGE = "orderly.events";

  @Bean
  TopicExchange orderlyEventsExchange() {
    return new TopicExchange(EXCHANGE, true, false);
  }
}
