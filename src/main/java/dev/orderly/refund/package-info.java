/**
 * Refunds: money going back to buyers ({@link dev.orderly.refund.Refund}, one per payment and
 * cause), created in the transaction of the change that owes it and tried at the provider until it
 * succeeds or needs support's attention. Other modules use {@link dev.orderly.refund.RefundService},
 * the read model {@link dev.orderly.refund.RefundView}, {@link dev.orderly.refund.RefundCause} and
 * the {@link dev.orderly.refund.RefundEvent}s.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.refund;
