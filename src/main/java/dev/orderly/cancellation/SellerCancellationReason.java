package dev.orderly.cancellation;

/** Why a seller cancels an order itself ({@code seller-cancellation-reason.<CODE>} in messages). OTHER needs a note. */
public enum SellerCancellationReason {
  OUT_OF_STOCK, CANNOT_SHIP_TO_ADDRESS, PRICING_ERROR, BUYER_ASKED, OTHER
}
