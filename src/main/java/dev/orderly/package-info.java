/** Orderly: the order-lifecycle service. Each sub-package is one feature module (see ModularityTest). */
@org.jspecify.annotations.NullMarked
package dev.orderly;
