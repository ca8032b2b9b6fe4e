package dev.orderly.access;

import dev.orderly.common.Text;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * A verified JWT of the shop platform's OpenID Connect provider as an Orderly caller
 * ({@code orderly.access.mode=oidc}; signature, issuer and expiry are checked before this).
 *
 * <ul>
 *   <li>The principal is the {@code principal-claim} (default {@code sub}): a UUID is the principal's
 *       id as it is; any other value stands for the name-based UUID of {@code <issuer> <value>}, the
 *       same for every token of that person. Without the claim the token is refused ({@code 401}).
 *   <li>The role is the {@code role-claim} (default {@code orderly_role}): a string or a list of
 *       strings naming exactly one of {@code BUYER}, {@code SELLER}, {@code SUPPORT} (any case). None,
 *       another value or two of them: authenticated without a role, so {@code 403 FORBIDDEN}. The
 *       admin is never a provider's token: it is the configured admin token in every mode.
 *   <li>The principal is recorded on first sight ({@link PrincipalService#enrol}) with the token's
 *       {@code name} (or {@code preferred_username}), {@code locale} and {@code email}; afterwards its
 *       role is fixed, and a token naming another role for it is refused with {@code 403}.
 * </ul>
 */
final class JwtActors implements Converter<Jwt, AbstractAuthenticationToken> {

  private static final Set<Role> FROM_PROVIDER = EnumSet.of(Role.BUYER, Role.SELLER, Role.SUPPORT);
  private static final int MAX_NAME = 100;
  private static final int MAX_EMAIL = 254;

  private final PrincipalService principals;
  private final String principalClaim;
  private final String roleClaim;

  JwtActors(PrincipalService principals, String principalClaim, String roleClaim) {
    this.principals = principals;
    this.principalClaim = principalClaim;
    this.roleClaim = roleClaim;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    String subject = jwt.getClaimAsString(principalClaim);
    if (subject == null || subject.isBlank()) {
      throw new InvalidBearerTokenException("the token has no " + principalClaim + " claim");
    }
    List<Role> roles = roles(jwt.getClaims().get(roleClaim));
    if (roles.size() != 1) {
      return ActorAuthentication.withoutRole(subject, "the token's " + roleClaim + " claim "
          + (roles.isEmpty() ? "names no Orderly role" : "names more than one Orderly role " + roles)
          + "; it must name one of " + FROM_PROVIDER);
    }
    Role role = roles.get(0);
    UUID id = id(jwt.getClaimAsString("iss"), subject);
    Actor actor = principals.enrol(id, name(jwt, subject), role, locale(jwt.getClaimAsString("locale")),
        email(jwt.getClaimAsString("email")));
    if (actor.role() != role) {
      return ActorAuthentication.withoutRole(subject, "principal " + id + " is a " + actor.role()
          + " in Orderly; the token says " + role);
    }
    return ActorAuthentication.of(actor);
  }

  private static List<Role> roles(Object claim) {
    Collection<?> values = claim instanceof Collection<?> c ? c : claim == null ? List.of() : List.of(claim);
    return values.stream().map(String::valueOf).map(v -> v.strip().toUpperCase(Locale.ROOT))
        .flatMap(v -> FROM_PROVIDER.stream().filter(r -> r.name().equals(v)))
        .distinct().sorted().collect(Collectors.toList());
  }

  static UUID id(String issuer, String subject) {
    try {
      return UUID.fromString(subject);
    } catch (IllegalArgumentException notAUuid) {
      String name = (issuer == null ? "" : issuer) + " " + subject;
      return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String name(Jwt jwt, String subject) {
    for (String claim : List.of("name", "preferred_username")) {
      String value = jwt.getClaimAsString(claim);
      if (value != null && Text.problem(value).isEmpty()) {
        return Text.truncate(value.strip(), MAX_NAME);
      }
    }
    return Text.problem(subject).isEmpty() ? Text.truncate(subject.strip(), MAX_NAME) : "principal";
  }

  /** The token's {@code locale} (BCP 47) as one of Orderly's languages, by language; English otherwise. */
  static String locale(String tag) {
    if (tag == null || tag.isBlank()) {
      return "en";
    }
    String language = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
    return PrincipalService.LOCALES.stream()
        .filter(l -> Locale.forLanguageTag(l).getLanguage().equals(language)).findFirst().orElse("en");
  }

  private static String email(String email) {
    return email == null || email.isBlank() || Text.length(email) > MAX_EMAIL || !email.contains("@")
        || Text.problem(email).isPresent() ? null : email.strip();
  }
}
