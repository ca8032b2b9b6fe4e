/**
 * Who is calling: principals (buyers, sellers — a seller is a shop —, support agents) and the
 * configured admin, their bearer tokens (stored as SHA-256 hashes), and access on Spring Security:
 * a token or, in {@code orderly.access.mode=oidc}, a JWT from the shop platform's identity provider
 * becomes an {@link dev.orderly.access.Actor}; {@link dev.orderly.access.Allowed} on a handler's
 * actor parameter names the roles that may call it ({@code 401 UNAUTHENTICATED} without a valid
 * token, {@code 403 FORBIDDEN} for another role). The security configuration is package-private;
 * other modules see {@code Actor}, {@code Role}, {@code Allowed}, {@code CurrentActor},
 * {@code PrincipalService} and the {@code RefusalWriter} port.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.access;
