package dev.orderly.payment.provider;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Registers a provider's gateway only when every one of its {@code required} settings,
 * {@code orderly.payment.providers.<provider>.<name>}, is set and not blank (from a properties file
 * or the environment: {@code ORDERLY_PAYMENT_PROVIDERS_STRIPE_API_KEY}). A provider without them is
 * simply absent (API.md "Payment providers"): its methods are {@code UNAVAILABLE} and nothing fails
 * at start-up.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Conditional(ConditionalOnProviderSettings.AllSet.class)
public @interface ConditionalOnProviderSettings {

  /** The provider's name, as in {@code /provider-callbacks/{provider}}. */
  String provider();

  /** The settings it cannot work without, in kebab case. */
  String[] required();

  /** The prefix of every provider's settings. */
  String PREFIX = "orderly.payment.providers.";

  class AllSet implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnProviderSettings.class.getName());
      if (attributes == null) {
        return false;
      }
      String provider = (String) attributes.get("provider");
      return Arrays.stream((String[]) attributes.get("required")).allMatch(name -> {
        String value = context.getEnvironment().getProperty(PREFIX + provider + "." + name);
        return value != null && !value.isBlank();
      });
    }
  }
}
