/**
 * Events out: when {@code orderly.events.amqp.enabled=true}, every order, payment, cancellation and
 * refund event is written to the {@code event_outbox} table in the transaction of the change
 * ({@link dev.orderly.events.EventOutbox}) and published from there to RabbitMQ, topic exchange
 * {@code orderly.events}, routing key = event type, AMQP {@code messageId} = the row's id
 * ({@link dev.orderly.events.internal.EventRelay}, at least once, publisher confirms). Disabled, none
 * of these beans exist and nothing connects to a broker. The module offers nothing to others: it
 * only listens.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.events;
