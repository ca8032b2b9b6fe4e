/** The client of the built-in sandbox provider ({@code dev.orderly.sandbox}), spoken to over HTTP like a third party. */
@org.jspecify.annotations.NullMarked
package dev.orderly.payment.provider.sandbox;
