package dev.orderly.common;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class MoneyConfig {

  /**
   * Reads {@code orderly.money.whole-unit-currencies} before any bean exists (a static bean
   * factory post-processor runs first), so no amount is ever made at the wrong scale.
   */
  @Bean
  static BeanFactoryPostProcessor payableUnits(Environment environment) {
    String configured = environment.getProperty("orderly.money.whole-unit-currencies");
    Set<String> codes = configured == null ? PayableUnit.DEFAULT_WHOLE_UNIT_CURRENCIES
        : Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    PayableUnit.configure(codes);
    return beanFactory -> { };
  }
}
