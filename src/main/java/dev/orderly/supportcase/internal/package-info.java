/** Support cases as stored, and their timers (closing solved cases, counting first-response breaches). */
@org.jspecify.annotations.NullMarked
package dev.orderly.supportcase.internal;
