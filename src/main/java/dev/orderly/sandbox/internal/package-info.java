/** The sandbox provider's tables ({@code sandbox_payments}, {@code sandbox_refunds}). */
@org.jspecify.annotations.NullMarked
package dev.orderly.sandbox.internal;
