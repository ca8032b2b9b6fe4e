package dev.orderly.order;

/**
 * What an entry of an order's timeline records (its {@code type} in the API, stored in
 * {@code order_events.type}). One list for every module that writes the timeline, so support reads
 * the same words everywhere and a misspelt type cannot be written.
 */
public enum TimelineEventType {
  // the order's own lifecycle
  ORDER_PLACED,
  ORDER_PAID,
  ORDER_PROCESSING,
  ORDER_SHIPPED,
  ORDER_DELIVERED,
  ORDER_COMPLETED,
  ORDER_CANCELLED,
  PAYMENT_DEADLINE_EXTENDED,
  // payments
  PAYMENT_ATTEMPT_STARTED,
  PAYMENT_CALLBACK_RECEIVED,
  PAYMENT_STATUS_CHECKED,
  PAYMENT_RECONCILED,
  PAYMENT_CLOSE_ANSWERED,
  PAYMENT_FAILED,
  PAYMENT_ATTEMPT_CLOSED,
  LATE_PAYMENT_RECEIVED,
  DUPLICATE_PAYMENT_RECEIVED,
  PROVIDER_UNREACHABLE_AT_DEADLINE,
  // cancellation requests
  CANCELLATION_REQUESTED,
  CANCELLATION_APPROVED,
  CANCELLATION_REJECTED,
  CANCELLATION_WITHDRAWN,
  CANCELLATION_ESCALATED,
  CANCELLATION_RESOLVED_APPROVED,
  CANCELLATION_RESOLVED_REJECTED,
  CANCELLATION_AUTO_APPROVED,
  CANCELLATION_CLOSED_BY_ORDER_CANCELLATION,
  CANCELLATION_CONFIRMED,
  // refunds
  REFUND_CREATED,
  REFUND_RETRY_REQUESTED,
  REFUND_SUCCEEDED,
  REFUND_FAILED,
  REFUND_NEEDS_ATTENTION,
  // support cases (internal notes are never on the timeline: buyers and sellers read it)
  CASE_OPENED,
  CASE_REPLIED,
  CASE_ASSIGNED,
  CASE_SOLVED,
  CASE_REOPENED,
  CASE_CLOSED,
  CASE_FIRST_RESPONSE_OVERDUE,
  // support actions without a timeline entry of their own (payment check by support)
  SUPPORT_ACTION
}
