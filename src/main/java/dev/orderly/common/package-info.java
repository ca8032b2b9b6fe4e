/** Shared vocabulary every feature uses: money, error codes, the one exception type, time. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
@org.jspecify.annotations.NullMarked
package dev.orderly.common;
