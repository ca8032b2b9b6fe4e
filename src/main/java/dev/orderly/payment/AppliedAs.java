package dev.orderly.payment;

/**
 * What the money of a succeeded attempt did: {@code PAID} the order, or came {@code LATE} (the order
 * was already cancelled) or as a {@code DUPLICATE} (another attempt had paid it), and then goes back
 * to the buyer as a refund ({@link MoneyToReturn}).
 */
public enum AppliedAs {
  PAID, LATE, DUPLICATE
}
