/**
 * Cancellations. Whether an order can be cancelled and how is one pure function,
 * {@link dev.orderly.cancellation.CancellationRules}; a buyer's request is an aggregate,
 * {@link dev.orderly.cancellation.CancellationRequest}. API: {@link dev.orderly.cancellation.CancellationRequests}
 * (the request's lifecycle), {@link dev.orderly.cancellation.SellerAndSupportCancellations},
 * {@link dev.orderly.cancellation.CancellationQueries}, {@link dev.orderly.cancellation.CancellationTerms}.
 * Events: {@link dev.orderly.cancellation.CancellationEvent} (each step) and
 * {@link dev.orderly.cancellation.SellerResponseDue}. The repository and the timers are in
 * {@code internal}, the controller in {@code web}.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.cancellation;
