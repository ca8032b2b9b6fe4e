/** The payment endpoints (attempts, options, methods, "I have paid") and the providers' callback address. */
@org.jspecify.annotations.NullMarked
package dev.orderly.payment.web;
