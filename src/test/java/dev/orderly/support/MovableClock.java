package dev.orderly.support;

import dev.orderly.timer.DueWork;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A clock for tests that runs with real time (millisecond ticks, UTC, like the application's own)
 * and can be put forward, so that a test reaches a deadline instead of sleeping until it. It never
 * goes back: rows and timers assume that time only moves on.
 *
 * <p>Only for an application of the test's own, on a database of its own: an application shared
 * through the context cache would see its time jump, and so would its tests. Install it with
 * {@link #installer()} (an application started with {@code SpringApplicationBuilder}) or as a
 * {@code @Primary} bean of the test's own configuration.
 */
public final class MovableClock extends Clock {

  /**
   * A test class's application on a movable clock, with {@code @Import(MovableClock.AppClock.class)}
   * (and a database of its own, {@link OwnDatabase}: see above).
   */
  @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
  public static class AppClock {
    @org.springframework.context.annotation.Bean
    @org.springframework.context.annotation.Primary
    MovableClock movableClock() {
      return new MovableClock();
    }
  }

  private final Clock real = Clock.tickMillis(ZoneOffset.UTC);
  private final AtomicLong aheadMillis = new AtomicLong();

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public long millis() {
    return real.millis() + aheadMillis.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    MovableClock self = this;
    return new Clock() {
      @Override
      public Instant instant() {
        return self.instant();
      }

      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return self.withZone(other);
      }
    };
  }

  /** Puts the clock forward so that it reads {@code to} now; nothing when it is already later. */
  public void moveTo(Instant to) {
    long needed = to.toEpochMilli() - real.millis();
    aheadMillis.accumulateAndGet(needed, Math::max);
  }

  /**
   * Puts the clock forward, then wakes every timer of {@code app}, so that each reads the new time
   * at once rather than at the end of its current sleep (up to {@code orderly.timers.max-idle}).
   */
  /** Puts the clock forward by {@code by}. */
  public void advance(java.time.Duration by) {
    moveTo(instant().plus(by));
  }

  public void moveTo(Instant to, ApplicationContext app) {
    moveTo(to);
    DueWorkRunner runner = app.getBean(DueWorkRunner.class);
    app.getBeansOfType(DueWork.class).values().forEach(work -> runner.dueAt(work.name(), Instant.EPOCH));
  }

  /** Makes this the application's clock: a primary {@link Clock} bean, chosen over common/TimeConfig's. */
  public ApplicationContextInitializer<ConfigurableApplicationContext> installer() {
    return context -> context.addBeanFactoryPostProcessor(new BeanDefinitionRegistryPostProcessor() {
      @Override
      public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        RootBeanDefinition clock = new RootBeanDefinition(MovableClock.class, () -> MovableClock.this);
        clock.setPrimary(true);
        registry.registerBeanDefinition("movableClock", clock);
      }

      @Override
      public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
      }
    });
  }
}
