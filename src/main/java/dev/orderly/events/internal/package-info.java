/** The outbox table, the relay that publishes it to RabbitMQ, and the exchange. */
@org.jspecify.annotations.NullMarked
package dev.orderly.events.internal;
