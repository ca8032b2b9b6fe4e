package dev.orderly.cancellation;

/** What a buyer can do instead, when a cancellation is refused or pending ({@code next-step.<CODE>} in messages). */
public enum NextStep {
  /** A request is with the seller: wait for the answer (or the automatic approval at its deadline). */
  WAIT_FOR_SELLER,
  /** A pending request can still be withdrawn. */
  WITHDRAW_REQUEST,
  /** A rejected request can be taken to support. */
  ESCALATE_TO_SUPPORT,
  /** Ask the seller directly (chat) whether they can still stop the order. */
  CONTACT_SELLER,
  /** Open a support case with the order number. */
  CONTACT_SUPPORT,
  /** Refuse the parcel when the courier brings it; it goes back to the seller. */
  REFUSE_DELIVERY,
  /** Once delivered, ask for a return and refund under the seller's return policy. */
  REQUEST_RETURN,
  /** The order is cancelled: follow the refund on the order's refunds. */
  TRACK_REFUND
}
