/**
 * The cancellation endpoints: eligibility, the buyer's requests and the seller's and support's
 * answers, seller and support cancellations, support's queue, a product's terms in words.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.cancellation.web;
