/**
 * Repeat non-payers and stock hoarding: {@link dev.orderly.restriction.RestrictionService} is a
 * placement guard of the order module (refusing a restricted buyer or one at the unpaid-orders
 * cap) and support's view of a buyer's standing, with the lift. The rules themselves are one pure
 * function, {@code RestrictionRules}.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.restriction;
