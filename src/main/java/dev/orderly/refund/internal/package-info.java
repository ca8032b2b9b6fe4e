/** The refunds table and the executor that tries due refunds at the provider. */
@org.jspecify.annotations.NullMarked
package dev.orderly.refund.internal;
