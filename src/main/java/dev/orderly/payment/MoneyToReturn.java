package dev.orderly.payment;

import dev.orderly.common.Money;
import java.util.UUID;

/**
 * Published inside the transaction that recorded money which must go back to the buyer: it came
 * for an order already cancelled ({@code LATE_PAYMENT}) or already paid ({@code DUPLICATE_PAYMENT}).
 */
public record MoneyToReturn(UUID orderId, UUID paymentId, String providerReference, PaymentMethod method,
    Money amount, Cause cause) {

  public enum Cause { LATE_PAYMENT, DUPLICATE_PAYMENT }
}
