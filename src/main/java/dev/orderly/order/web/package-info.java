/** {@code /api/v1/orders}: placing, reading and moving orders, and their timeline. */
@org.jspecify.annotations.NullMarked
package dev.orderly.order.web;
