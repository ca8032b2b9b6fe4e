/** The policy module's table, {@code seller_policies}. */
@org.jspecify.annotations.NullMarked
package dev.orderly.policy.internal;
