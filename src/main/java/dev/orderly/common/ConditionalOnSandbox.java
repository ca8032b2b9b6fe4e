package dev.orderly.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Beans that exist only while the sandbox payment provider runs ({@link OrderlyMode#sandboxEnabled}):
 * with {@code buyerActions}, only in demo mode as well — a buyer's "pay" at the sandbox must
 * never mark a production order paid.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Conditional(ConditionalOnSandbox.OnSandbox.class)
public @interface ConditionalOnSandbox {

  /** Also require demo mode: the buyer's actions at the provider and its hosted pay page. */
  boolean buyerActions() default false;

  class OnSandbox implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      boolean buyerActions = Boolean.TRUE.equals(
          metadata.getAnnotationAttributes(ConditionalOnSandbox.class.getName()).get("buyerActions"));
      return OrderlyMode.sandboxEnabled(context.getEnvironment())
          && (!buyerActions || OrderlyMode.of(context.getEnvironment()) == OrderlyMode.DEMO);
    }
  }
}
