/** {@code /api/v1/products}: sellers list products, everyone reads the catalogue. */
@org.jspecify.annotations.NullMarked
package dev.orderly.inventory.web;
