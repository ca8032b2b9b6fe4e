package dev.orderly.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one backoff, retry policy and error text of every retried piece of work. Plain JUnit. */
class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));

  @Test
  void pausesDoubleFromTheFirstAndStopAtTheLongest() {
    assertThat(backoff.pause(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.pause(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.pause(3)).isEqualTo(Duration.ofSeconds(120));
    assertThat(backoff.pause(7)).isEqualTo(Duration.ofSeconds(1920));
    assertThat(backoff.pause(8)).isEqualTo(Duration.ofHours(1));
    assertThat(backoff.pause(1_000)).isEqualTo(Duration.ofHours(1));
    assertThat(backoff.pause(0)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aBackoffMustStartPositiveAndEndNoShorter() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retriesAfterThePauseUntilTheTriesAreSpent() {
    RetryPolicy policy = new RetryPolicy(backoff, 3);
    assertThat(policy.retryAt(1, NOW, false)).contains(NOW.plusSeconds(30));
    assertThat(policy.retryAt(2, NOW, false)).contains(NOW.plusSeconds(60));
    assertThat(policy.retryAt(3, NOW, false)).isEmpty();
    assertThat(policy.retryAt(4, NOW, false)).isEmpty();
  }

  @Test
  void aFinalFailureGivesUpAtOnce() {
    assertThat(new RetryPolicy(backoff, 3).retryAt(1, NOW, true)).isEmpty();
    assertThat(RetryPolicy.unlimited(backoff).retryAt(1, NOW, true)).isEmpty();
  }

  @Test
  void anUnlimitedPolicyRetriesAtTheLongestPauseForever() {
    assertThat(RetryPolicy.unlimited(backoff).retryAt(Integer.MAX_VALUE - 1, NOW, false))
        .contains(NOW.plus(Duration.ofHours(1)));
    assertThatThrownBy(() -> new RetryPolicy(backoff, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorsAreClippedAndNeverEmpty() {
    assertThat(FailureText.of("x".repeat(1_000))).hasSize(FailureText.MAX_LENGTH);
    assertThat(FailureText.of((String) null)).isEqualTo("unknown");
    assertThat(FailureText.of(" ")).isEqualTo("unknown");
    assertThat(FailureText.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    assertThat(FailureText.of(new IllegalStateException("refused"))).isEqualTo("refused");
  }
}
