package dev.orderly.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a controller method's {@link Actor} parameter: the roles that may call it. Anyone else gets
 * 403 FORBIDDEN before anything is read or changed. Without the annotation any authenticated role.
 *
 * <p>Checked with a Spring Security {@code AuthorizationManager} (the roles as {@code ROLE_<role>}
 * authorities) when the parameter is resolved ({@code AccessWebConfig}); the API document lists
 * {@code FORBIDDEN} for the operations that carry it (in {@code oidc} mode for every operation that
 * takes a token: a provider's token may name no Orderly role).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Allowed {
  Role[] value();
}
