package dev.orderly.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * One try to pay an order. {@code appliedAs} says what the money of a succeeded attempt did:
 * {@code PAID} the order, or came {@code LATE} / as a {@code DUPLICATE} and is refunded.
 * {@code closeReason} is set when Orderly wants a pending attempt closed at the provider.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentAttempt(UUID id, UUID orderId, PaymentMethod method, Money amount, AttemptStatus status,
    String provider, String providerReference, String redirectUrl, String failureCode, String appliedAs,
    String closeReason, Instant createdAt, Instant resolvedAt) {}
