package dev.orderly.cancellation;

/** Why a buyer wants to cancel ({@code cancellation-reason.<CODE>} in messages). OTHER needs a note. */
public enum CancellationReason {
  CHANGED_MIND, WRONG_SIZE_OR_ITEM, FOUND_CHEAPER, DELIVERY_TOO_SLOW, DUPLICATE_ORDER, OTHER
}
