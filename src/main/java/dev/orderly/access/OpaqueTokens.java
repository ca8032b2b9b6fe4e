package dev.orderly.access;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Orderly's own bearer tokens, for Spring Security: the admin token from configuration and the
 * tokens of principals the admin created, both kept only as SHA-256 hashes
 * ({@link PrincipalService#authenticate}). A token that is neither is refused
 * ({@code 401 UNAUTHENTICATED}). When JWTs are accepted too ({@code orderly.access.mode=oidc}), a
 * token shaped like a JWT is left to the JWT provider without a database look-up.
 */
final class OpaqueTokens implements AuthenticationProvider {

  private final PrincipalService principals;
  private final boolean jwtsAccepted;

  OpaqueTokens(PrincipalService principals, boolean jwtsAccepted) {
    this.principals = principals;
    this.jwtsAccepted = jwtsAccepted;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (jwtsAccepted && looksLikeJwt(token)) {
      // the admin's token is the admin's whatever its shape; any other JWT is the JWT provider's
      return principals.authenticateAdmin(token).map(ActorAuthentication::of).orElse(null);
    }
    return principals.authenticate(token).map(ActorAuthentication::of)
        .orElseThrow(() -> new BadCredentialsException("unknown bearer token"));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }

  /** A JWS in compact form: three base64url parts separated by dots (RFC 7515 §7.1). */
  static boolean looksLikeJwt(String token) {
    return token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  }
}
