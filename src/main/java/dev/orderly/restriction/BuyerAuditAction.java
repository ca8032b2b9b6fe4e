package dev.orderly.restriction;

/** What an entry of a buyer's audit trail records ({@code action} in the API, stored in {@code buyer_audit.action}). */
public enum BuyerAuditAction {
  /** Support lifted the buyer's restriction; expiries up to then no longer count. */
  RESTRICTION_LIFTED
}
