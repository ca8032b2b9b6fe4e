/**
 * The notification outbox inside: repositories of notifications, deliveries and webhook
 * subscriptions; the {@link dev.orderly.notification.internal.Delivery} aggregate; the relay
 * (claiming with a lease, dispatching into lanes, sending by email and webhook, retrying,
 * recording outcomes, disabling webhooks that keep failing); texts, secrets, URL checks and the
 * backlog's gauges and health.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.notification.internal;
