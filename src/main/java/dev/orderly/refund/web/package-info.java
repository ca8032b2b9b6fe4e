/** The refunds' HTTP endpoints. */
@org.jspecify.annotations.NullMarked
package dev.orderly.refund.web;
