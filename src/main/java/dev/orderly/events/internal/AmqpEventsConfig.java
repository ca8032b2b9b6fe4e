package dev.orderly.events.internal;

import org.springframework.amqp.core.TopicExchange;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The exchange, declared (durable) by Spring Boot's {@code RabbitAdmin} when the relay first
 * connects. Only when events out are enabled ({@value #ENABLED}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = AmqpEventsConfig.ENABLED, havingValue = "true")
public class AmqpEventsConfig {
  /** The switch of events out; every bean of the module exists only when it is {@code true}. */
  public static final String ENABLED = "orderly.events.amqp.enabled";
  /** The topic exchange events go to, routing key = event type. */
  public static final String EXCHANGE = "orderly.events";

  @Bean
  TopicExchange orderlyEventsExchange() {
    return new TopicExchange(EXCHANGE, true, false);
  }
}
