/**
 * Sellers' terms: payment window, cancellation windows, fee, response time, reminders
 * ({@link dev.orderly.policy.SellerPolicy}). {@link dev.orderly.policy.SellerPolicyService} reads a
 * shop's current terms (defaults until it sets its own) and replaces them; orders keep a copy as
 * it was at placement ({@link dev.orderly.policy.SellerPolicyColumns} reads that copy).
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.policy;
