package dev.orderly.access;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Authentication and authorization on Spring Security, as two filter chains.
 *
 * <p><b>The API</b> ({@code /api/v1/**}, {@link #apiSecurity}): Spring Security's bearer-token
 * filter reads {@code Authorization: Bearer <token>} ({@link #bearerToken}) and authenticates it
 * with {@link OpaqueTokens} (the admin token and the principals' tokens, stored hashed) and, in
 * {@code orderly.access.mode=oidc}, with the shop platform's JWTs ({@link JwtActors}). Every call
 * needs one of Orderly's roles: without a valid token {@code 401 UNAUTHENTICATED} (with
 * {@code WWW-Authenticate: Bearer}), authenticated without a role (a JWT naming none) {@code 403
 * FORBIDDEN}; both are written as problem documents by {@link RefusalWriter}. Which roles one
 * operation takes is {@link Allowed} on its {@link Actor} parameter, checked as the parameter is
 * resolved ({@link AccessWebConfig}). Stateless: no HTTP session, no CSRF token (a bearer token is
 * never sent by a browser on its own, so there is no request to forge), no saved requests.
 *
 * <p><b>Everything else</b> ({@link #siteSecurity}) stays public as before: the API
 * document and Swagger UI, actuator, {@code /errors/**}, provider callbacks (signed by the provider),
 * the sandbox (its own merchant key). Stateless too, and without CSRF: nothing there trusts a cookie.
 *
 * <p><b>The web console</b> ({@link #consoleSecurity}: {@code /}, {@code /sign-in}, {@code /sign-out},
 * {@code /console/**}) sits between the two. A person signs in with the same token the API takes
 * ({@link ConsoleSignIn}, Spring Security's form login), in demo mode with one click on a demo
 * principal, and in {@code oidc} mode through the shop platform's provider when a client
 * registration is configured ({@link ConsoleOidcSignIn}); the authentication then lives in the HTTP session (cookie {@code HttpOnly},
 * {@code SameSite=Lax}, {@code Secure} when served over TLS; a new session id at sign-in; sessions in
 * the database, Spring Session JDBC, so that every instance knows them). Every form carries a CSRF
 * token, checked against the cookie {@code ORDERLY_CSRF} (double submit; HttpOnly, SameSite=Lax, so
 * that an anonymous visit creates no session): a post without it is refused with {@code 403} and a
 * page that says why. Pages are served with a Content-Security-Policy
 * that takes scripts and styles from Orderly only. The API chain stays first so that a bearer call
 * never meets a session or a CSRF check; the site chain stays last, for the rest (the console's
 * assets under {@code /webjars/**} and {@code /console-assets/**} are public).
 *
 * <p>Both chains run where the hand-written bearer filter ran ({@code spring.security.filter.order}
 * in application.properties): after the request guard (malformed query string, oversize body), and
 * before idempotency, which needs to know whose key it is ({@link CurrentActor}). Spring Security's
 * default response headers are on ({@code X-Content-Type-Options}, {@code X-Frame-Options},
 * {@code Cache-Control: no-store} where a handler set no caching of its own, HSTS over HTTPS).
 */
@Configuration(proxyBeanMethods = false)
class AccessSecurityConfig {

  static final int API_ORDER = 10;
  /** Reserved for the web console's chain (session login, CSRF): after the API, before the site. */
  static final int CONSOLE_ORDER = 50;
  static final int SITE_ORDER = 100;

  /** Every role of Orderly's: what a request through the API or the console must hold one of. */
  private static final String[] ROLES = Arrays.stream(Role.values()).map(Role::name).toArray(String[]::new);

  /** Where a token is required. */
  static final String API = "/api/v1/**";

  static final String UNAUTHENTICATED_REASON = "a valid bearer token is required";

  @Bean
  @Order(API_ORDER)
  SecurityFilterChain apiSecurity(HttpSecurity http, PrincipalService principals, RefusalWriter refusals,
      Environment environment, ObjectProvider<JwtDecoder> jwtDecoder) {
    AuthenticationEntryPoint unauthenticated = (request, response, e) ->
        refusals.write(request, response, ErrorCode.UNAUTHENTICATED, UNAUTHENTICATED_REASON, Map.of());
    AccessDeniedHandler forbidden = (request, response, e) ->
        refusals.write(request, response, ErrorCode.FORBIDDEN, whyNoRole(), Map.of());

    BearerTokenAuthenticationFilter bearer =
        new BearerTokenAuthenticationFilter(authentication(principals, environment, jwtDecoder));
    bearer.setBearerTokenResolver(AccessSecurityConfig::bearerToken);
    bearer.setAuthenticationEntryPoint(unauthenticated);
    bearer.setAuthenticationFailureHandler(new AuthenticationEntryPointFailureHandler(unauthenticated));

    return http.securityMatcher(API)
        .addFilterAt(bearer, BearerTokenAuthenticationFilter.class)
        .authorizeHttpRequests(requests -> requests.anyRequest().hasAnyRole(ROLES))
        .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable())
        .logout(logout -> logout.disable())
        .build();
  }

  /** The console's pages and forms: where a person signs in and works (see the class comment). */
  static final String[] CONSOLE = {"/", "/sign-in", "/sign-out", "/console/**", "/oauth2/**", "/login/oauth2/**"};

  /** Where a refused console request (missing or stale CSRF token) is explained; see the console module. */
  static final String CONSOLE_REFUSED = "/console/refused";

  /** Scripts and styles only from Orderly itself (htmx's indicator styles are switched off by the pages). */
  static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

  @Bean
  @Order(CONSOLE_ORDER)
  SecurityFilterChain consoleSecurity(HttpSecurity http, PrincipalService principals, Environment environment,
      ObjectProvider<ClientRegistrationRepository> providers) {
    LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint("/sign-in");
    AuthenticationEntryPoint entry = (request, response, e) -> {
      if (request.getHeader("HX-Request") != null) {
        // a live fragment after the session ended: htmx sends the whole page to the sign-in form
        response.setHeader("HX-Redirect", "/sign-in");
        response.setStatus(401);
        return;
      }
      signIn.commence(request, response, e);
    };
    SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
        new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
    ClientRegistrationRepository registrations = providers.getIfAvailable();
    if (registrations != null && AccessMode.of(environment) == AccessMode.OIDC) {
      // the shop platform's sign-in: /oauth2/authorization/<registration id>, back at /login/oauth2/code/<id>
      http.oauth2Login(login -> login.loginPage("/sign-in")
          .failureHandler((request, response, e) -> {
            // the operator's clue (a wrong client secret, a clock out of step...); the person sees the form again
            LoggerFactory.getLogger(ConsoleOidcSignIn.class).info("sign-in through the provider refused: {}",
                e.getMessage());
            response.sendRedirect(request.getContextPath() + "/sign-in?error");
          })
          .successHandler(new ConsoleOidcSignIn(principals, environment, contexts)));
    }
    return http.securityMatcher(CONSOLE)
        .securityContext(c -> c.securityContextRepository(contexts))
        .authenticationProvider(new ConsoleSignIn(principals))
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/", "/sign-in", CONSOLE_REFUSED).permitAll()
            .anyRequest().hasAnyRole(ROLES))
        .formLogin(form -> form.loginPage("/sign-in").loginProcessingUrl("/sign-in")
            .usernameParameter("principal").passwordParameter("token")
            .defaultSuccessUrl("/console", false).failureUrl("/sign-in?error").permitAll())
        .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signedOut"))
        .exceptionHandling(e -> e.authenticationEntryPoint(entry).accessDeniedHandler((request, response, denied) -> {
          response.setStatus(403);
          request.setAttribute("orderly.refusal", denied instanceof CsrfException ? "csrf" : "role");
          request.getRequestDispatcher(CONSOLE_REFUSED).forward(request, response);
        }))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        // the CSRF token in a cookie of its own (double submit): a visit to the sign-in page creates no session
        .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie()))
        .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_CSP)))
        .build();
  }

  /** Where the console's CSRF token is kept: cookie {@code ORDERLY_CSRF}, HttpOnly (forms carry the token). */
  static CookieCsrfTokenRepository csrfCookie() {
    CookieCsrfTokenRepository cookie = new CookieCsrfTokenRepository();
    cookie.setCookieName("ORDERLY_CSRF");
    cookie.setCookieCustomizer(c -> c.httpOnly(true).sameSite("Lax").path("/"));
    return cookie;
  }

  /** Everything outside the API: public, as it was. */
  @Bean
  @Order(SITE_ORDER)
  SecurityFilterChain siteSecurity(HttpSecurity http) {
    return http
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable())
        .logout(logout -> logout.disable())
        .build();
  }

  /**
   * Spring Security's firewall, kept for what it is for: a path that is not plain ({@code ;},
   * {@code //}, {@code /../}, an encoded {@code /}, {@code \}, {@code %} or {@code .}, a line break)
   * could be read one way by a path rule and another by Spring MVC, so it is refused ({@link
   * #rejectedRequests}). Headers, parameter names and methods are left as the container and Orderly's
   * own checks take them (a header's UTF-8, such as a provider's, is not refused as control
   * characters; an unknown method still gets {@code 405} with {@code Allow}): no rule here depends
   * on them, and refusing them lazily, once a handler reads them, would answer a {@code 500}.
   */
  @Bean
  HttpFirewall firewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderNames(name -> true);
    firewall.setAllowedHeaderValues(value -> true);
    firewall.setAllowedParameterNames(name -> true);
    firewall.setUnsafeAllowAnyHttpMethod(true);
    return firewall;
  }

  /** A path the firewall refuses: {@code 400 VALIDATION_FAILED} naming the path, like any bad input. */
  @Bean
  RequestRejectedHandler rejectedRequests(RefusalWriter refusals) {
    return (request, response, e) -> refusals.write(request, response, ErrorCode.VALIDATION_FAILED, e.getMessage(),
        OrderlyException.memberErrors("path", "must be a plain path: no ';', '//', '/./' or '/../', and no encoded"
            + " '/', '\\', '%', '.' or line break"));
  }

  /**
   * Who may authenticate: Orderly's own tokens always; in {@code oidc} mode the provider's JWTs too
   * (JWT-shaped tokens go to the JWT provider unless they are the admin's).
   */
  static AuthenticationManager authentication(PrincipalService principals, Environment environment,
      ObjectProvider<JwtDecoder> jwtDecoder) {
    boolean oidc = AccessMode.of(environment) == AccessMode.OIDC;
    List<AuthenticationProvider> providers = new ArrayList<>(List.of(new OpaqueTokens(principals, oidc)));
    if (oidc) {
      providers.add(OidcAccess.provider(principals, environment, jwtDecoder));
    }
    return new ProviderManager(providers);
  }

  /**
   * The token of {@code Authorization: Bearer <token>}, read as Orderly always has: the scheme in
   * any case, the token trimmed. No such header (or another scheme): no token, so the call is
   * refused as unauthenticated, never answered as if it were public.
   */
  static String bearerToken(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static String whyNoRole() {
    return SecurityContextHolder.getContext().getAuthentication() instanceof ActorAuthentication a
        && a.refusal() != null ? a.refusal() : "the caller has no Orderly role";
  }
}
