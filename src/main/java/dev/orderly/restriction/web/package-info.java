/** {@code /api/v1/support/buyers/{buyerId}}: support reads a buyer's standing and lifts a restriction. */
@org.jspecify.annotations.NullMarked
package dev.orderly.restriction.web;
