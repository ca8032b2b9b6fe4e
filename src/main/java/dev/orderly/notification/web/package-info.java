/** The HTTP adapters of notifications: the inbox and webhook subscriptions with their delivery logs. */
@org.jspecify.annotations.NullMarked
package dev.orderly.notification.web;
