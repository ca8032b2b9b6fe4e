package dev.orderly.payment.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.AnnotationMetadata;

/**
 * A provider is configured when every required setting is set and not blank, from a properties
 * file or from the environment under its environment-variable name (API.md "Payment providers").
 */
class ProviderSettingsTest {

  @ConditionalOnProviderSettings(provider = "stripe", required = {"api-key", "webhook-secret"})
  static class NeedsStripe {}

  private static boolean configured(StandardEnvironment environment) {
    ConditionContext context = new ConditionContext() {
      @Override public org.springframework.beans.factory.support.BeanDefinitionRegistry getRegistry() { return null; }
      @Override public org.springframework.beans.factory.config.ConfigurableListableBeanFactory getBeanFactory() { return null; }
      @Override public org.springframework.core.env.Environment getEnvironment() { return environment; }
      @Override public org.springframework.core.io.ResourceLoader getResourceLoader() { return null; }
      @Override public ClassLoader getClassLoader() { return getClass().getClassLoader(); }
    };
    return new ConditionalOnProviderSettings.AllSet().matches(context, AnnotationMetadata.introspect(NeedsStripe.class));
  }

  private static StandardEnvironment with(Map<String, Object> properties, Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("file", properties));
    environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables", variables));
    return environment;
  }

  @Test
  void everyRequiredSettingFromAFile() {
    assertThat(configured(with(Map.of("orderly.payment.providers.stripe.api-key", "sk_test_1",
        "orderly.payment.providers.stripe.webhook-secret", "whsec_1"), Map.of()))).isTrue();
  }

  @Test
  void secretsFromTheEnvironmentUnderTheirVariableNames() {
    assertThat(configured(with(Map.of("orderly.payment.providers.stripe.api-key", "sk_test_1"),
        Map.of("ORDERLY_PAYMENT_PROVIDERS_STRIPE_WEBHOOK_SECRET", "whsec_1")))).isTrue();
  }

  @Test
  void aMissingOrBlankSettingMeansNotConfigured() {
    assertThat(configured(with(Map.of("orderly.payment.providers.stripe.api-key", "sk_test_1"), Map.of()))).isFalse();
    assertThat(configured(with(Map.of("orderly.payment.providers.stripe.api-key", "sk_test_1",
        "orderly.payment.providers.stripe.webhook-secret", "  "), Map.of()))).isFalse();
    assertThat(configured(with(Map.of(), Map.of()))).isFalse();
  }
}
