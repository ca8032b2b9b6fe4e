/**
 * The built-in sandbox payment provider. It stands for a third party: Orderly reaches it only over
 * HTTP, it keeps its own tables, and it calls Orderly back with signed callbacks like a real
 * provider. Its console turns on what real providers do to merchants — late, duplicate, reordered
 * or missing callbacks, methods that are down, slow or failing — so Orderly can be tested against
 * them. Nothing in Orderly depends on this package. Documented in {@code docs/sandbox.md}.
 *
 * <p>Here: its books ({@link dev.orderly.sandbox.SandboxLedger}), its knobs
 * ({@link dev.orderly.sandbox.SandboxConditions}) and its callbacks; its HTTP API (merchant calls,
 * the buyer's page and actions, the console) is in {@code web}, its tables' SQL in {@code internal}.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.sandbox;
