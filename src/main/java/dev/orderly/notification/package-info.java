/**
 * Notifications: what happened to orders, cancellations and refunds, told to the people concerned
 * in their inbox, by email and to webhook subscriptions. Other modules use {@link
 * dev.orderly.notification.Notifications} (write notifications in the transaction of the change)
 * and {@link dev.orderly.notification.NotificationType}; {@link dev.orderly.notification.Inbox} and
 * {@link dev.orderly.notification.Webhooks} serve the web adapters. The outbox relay, its
 * repositories and channels are in {@code internal}, the controllers in {@code web}.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.notification;
