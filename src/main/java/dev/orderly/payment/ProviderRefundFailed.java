package dev.orderly.payment;

import java.util.UUID;

/**
 * A provider reported that a refund it had accepted failed (the buyer's card was closed, the
 * account was frozen...): the refunds module sends it to support ({@code NEEDS_ATTENTION}).
 * Published in the transaction of the callback that said so.
 */
public record ProviderRefundFailed(UUID refundId, String provider, String reason) {}
