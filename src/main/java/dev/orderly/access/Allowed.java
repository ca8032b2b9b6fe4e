package dev.orderly.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a controller method's {@link Actor} parameter: the roles that may call it. Anyone else gets
 * 403 FORBIDDEN before anything is read or changed. Without the annotation any authenticated role.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Allowed {
  Role[] value();
}
