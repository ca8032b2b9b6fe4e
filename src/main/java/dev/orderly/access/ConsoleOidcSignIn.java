package dev.orderly.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jakarta.servlet.ServletException;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The web console's sign-in through the shop platform's OpenID Connect provider
 * ({@code orderly.access.mode=oidc} with a client registration under
 * {@code spring.security.oauth2.client.registration.<id>.*}): Spring Security's {@code oauth2Login}
 * runs the authorization code flow and verifies the ID token (signature, issuer, audience, expiry,
 * nonce); this handler then makes the person the same actor their JWT is on the API, by the same
 * claims ({@link JwtActors}: principal, role, name, locale, email). An ID token naming no Orderly role
 * (or another role than the principal has) signs nobody in: back to the sign-in form, which says why.
 */
final class ConsoleOidcSignIn implements AuthenticationSuccessHandler {

  /** Where a refused provider sign-in lands: the sign-in form with the reason. */
  static final String REFUSED = "/sign-in?error=role";

  private final JwtActors actors;
  private final SecurityContextRepository contexts;
  private final SavedRequestAwareAuthenticationSuccessHandler next = new SavedRequestAwareAuthenticationSuccessHandler();

  ConsoleOidcSignIn(PrincipalService principals, Environment environment, SecurityContextRepository contexts) {
    this.actors = new JwtActors(principals, environment.getProperty("orderly.access.oidc.principal-claim", "sub"),
        environment.getProperty("orderly.access.oidc.role-claim", "orderly_role"));
    this.contexts = contexts;
    next.setDefaultTargetUrl("/console");
  }

  @Override
  public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
      Authentication authentication) throws IOException, ServletException {
    OidcIdToken id = ((OidcUser) authentication.getPrincipal()).getIdToken();
    AbstractAuthenticationToken actor;
    try {
      actor = actors.convert(new Jwt(id.getTokenValue(), id.getIssuedAt(), id.getExpiresAt(),
          java.util.Map.of("alg", "none"), id.getClaims()));
    } catch (org.springframework.security.oauth2.core.OAuth2AuthenticationException noPrincipal) {
      actor = null; // no principal claim
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    if (!(actor instanceof ActorAuthentication a) || a.actor() == null) {
      // verified, but not someone Orderly serves: nobody is signed in
      SecurityContextHolder.clearContext();
      contexts.saveContext(context, request, response);
      response.sendRedirect(request.getContextPath() + REFUSED);
      return;
    }
    context.setAuthentication(actor);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    next.onAuthenticationSuccess(request, response, actor);
  }
}
