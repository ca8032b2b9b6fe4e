package dev.orderly.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** The actor a filter resolved for this request, for other filters (e.g. idempotency). */
public final class CurrentActor {
  private CurrentActor() {}

  public static Optional<Actor> of(HttpServletRequest request) {
    return Optional.ofNullable((Actor) request.getAttribute(AccessWebConfig.ACTOR_ATTRIBUTE));
  }
}
