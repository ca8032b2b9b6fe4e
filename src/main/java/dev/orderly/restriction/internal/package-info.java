/** The restriction module's table, {@code buyer_audit}, and its lock on a buyer's principal row. */
@org.jspecify.annotations.NullMarked
package dev.orderly.restriction.internal;
