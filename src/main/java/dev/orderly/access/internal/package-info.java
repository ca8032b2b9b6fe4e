/** The access module's storage: principals and their token hashes. */
@org.jspecify.annotations.NullMarked
package dev.orderly.access.internal;
