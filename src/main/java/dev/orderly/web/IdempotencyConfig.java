package dev.orderly.web;

import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfig {

  private final IdempotencyRepository keys;
  private final Clock clock;

  IdempotencyConfig(IdempotencyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** Before everything else, on every address: malformed query strings and oversize bodies. */
  @Bean
  FilterRegistrationBean<RequestGuard> requestGuard(Problems problems) {
    FilterRegistrationBean<RequestGuard> registration = new FilterRegistrationBean<>(new RequestGuard(problems));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(TransactionTemplate transactions, Problems problems) {
    FilterRegistrationBean<IdempotencyFilter> registration =
        new FilterRegistrationBean<>(new IdempotencyFilter(keys, transactions, problems, clock));
    registration.addUrlPatterns("/api/*");
    // after the bearer token filter, which tells whose key it is
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  /** Keys are kept 24 hours. */
  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
  void forgetOldKeys() {
    Instant cutoff = clock.instant().minus(IdempotencyFilter.KEY_RETENTION);
    keys.forgetBefore(cutoff);
  }
}
