/**
 * Durable deadlines as rows: {@link dev.orderly.timer.DueWork} claims due rows in batches
 * ({@code FOR UPDATE SKIP LOCKED}), {@link dev.orderly.timer.LeasedWork} leases them for work done
 * outside a transaction (provider calls), {@link dev.orderly.timer.RetryPolicy} and
 * {@link dev.orderly.timer.Backoff} say when failed work is tried again, and
 * {@link dev.orderly.timer.DueWorkRunner} runs them all, sleeping until the next row falls due.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.timer;
