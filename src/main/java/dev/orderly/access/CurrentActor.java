package dev.orderly.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The actor Spring Security authenticated for the request being served, for code outside a
 * controller's {@link Actor} parameter (the idempotency filter, which runs after authentication).
 * Empty for an anonymous request and outside a request.
 */
public final class CurrentActor {
  private CurrentActor() {}

  /** The request's actor; the request is the one being served on this thread. */
  public static Optional<Actor> of(HttpServletRequest request) {
    return of(SecurityContextHolder.getContext().getAuthentication());
  }

  static Optional<Actor> of(Authentication authentication) {
    return authentication instanceof ActorAuthentication a && a.actor() != null
        ? Optional.of(a.actor()) : Optional.empty();
  }
}
