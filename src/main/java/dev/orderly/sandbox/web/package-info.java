/**
 * The sandbox provider's HTTP API under {@code /sandbox/v1}: merchant calls authenticated with
 * {@code X-Sandbox-Key}, the buyer's pay page and actions (demo mode only) and the test console.
 * Refusals are the provider's own problem documents ({@link dev.orderly.sandbox.SandboxError}).
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.sandbox.web;
