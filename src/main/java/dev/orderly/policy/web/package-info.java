/** {@code /api/v1/sellers/me/policy}: the calling seller reads and changes its terms. */
@org.jspecify.annotations.NullMarked
package dev.orderly.policy.web;
