package dev.orderly.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an API operation: the codes it refuses with because of what it does (an order not found, an
 * illegal transition, a limit). The ones every operation of its kind has are added by the API
 * document itself: {@code VALIDATION_FAILED}, {@code NOT_ACCEPTABLE} and {@code INTERNAL_ERROR}
 * everywhere, {@code UNAUTHENTICATED} with a bearer token, {@code FORBIDDEN} for a role,
 * {@code PAYLOAD_TOO_LARGE} and {@code UNSUPPORTED_MEDIA_TYPE} with a body, the idempotency codes
 * on POST. The OpenAPI document lists each response status with its codes; the API tests validate
 * every response they receive against it, so a code missing here fails a test.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Refusals {
  ErrorCode[] value();
}
