/** The inventory module's table, {@code products}: the catalogue rows and their stock columns. */
@org.jspecify.annotations.NullMarked
package dev.orderly.inventory.internal;
