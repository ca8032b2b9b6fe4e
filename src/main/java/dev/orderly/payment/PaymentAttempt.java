package dev.orderly.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.Money;
import java.time.Instant;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentAttempt(UUID id, UUID orderId, PaymentMethod method, Money amount, AttemptStatus status,
    String provider, String providerReference, String redirectUrl, String failureCode, Instant createdAt,
    Instant resolvedAt) {}
