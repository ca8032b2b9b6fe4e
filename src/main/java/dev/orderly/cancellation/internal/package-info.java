/** The cancellation module's table, {@code cancellation_requests}, and its timers (the seller's deadline and the notice before it). */
@org.jspecify.annotations.NullMarked
package dev.orderly.cancellation.internal;
