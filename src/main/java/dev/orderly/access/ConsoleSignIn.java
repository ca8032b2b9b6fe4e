package dev.orderly.access;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The web console's sign-in form ({@code POST /sign-in}, field {@code token}), for Spring Security's
 * form login: the token is the one the API takes as {@code Authorization: Bearer} (a principal's, or
 * the admin's), checked the same way ({@link PrincipalService#authenticate}). The authentication
 * then lives in the HTTP session; the token itself is never kept. An unknown token is refused, and
 * the form says so without telling which part was wrong.
 */
final class ConsoleSignIn implements AuthenticationProvider {

  private final PrincipalService principals;

  ConsoleSignIn(PrincipalService principals) {
    this.principals = principals;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    Object token = authentication.getCredentials();
    return principals.authenticate(token == null ? null : token.toString().strip()).map(ActorAuthentication::of)
        .orElseThrow(() -> new BadCredentialsException("unknown token"));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
