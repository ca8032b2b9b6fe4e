/**
 * Products and their stock. {@link dev.orderly.inventory.InventoryService} lists products and
 * moves stock for the order module: reserve at placement, then sell (paid), release (closed
 * unpaid) or restock (a paid order cancelled before shipping); each move is all or nothing.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.inventory;
