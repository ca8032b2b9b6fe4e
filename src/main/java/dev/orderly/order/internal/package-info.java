/**
 * The order module's tables ({@code orders}, {@code order_items}, {@code order_events}, the
 * order-number sequence), its timers (payment deadline, auto-complete, payment reminders) and
 * metrics.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.order.internal;
