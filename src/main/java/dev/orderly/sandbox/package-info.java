/**
 * The built-in sandbox payment provider. It stands for a third party: Orderly reaches it only over
 * HTTP, it keeps its own tables, and it calls Orderly back with signed callbacks like a real
 * provider. Its console turns on what real providers do to merchants — late, duplicate, reordered
 * or missing callbacks, methods that are down, slow or failing — so Orderly can be tested against
 * them. Nothing in Orderly depends on this package. Documented in {@code docs/sandbox.md}.
 */
package dev.orderly.sandbox;
