package dev.orderly.common;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused setting into Spring Boot's start-up failure report instead of a stack trace. */
class UnsafeConfigurationAnalyzer extends AbstractFailureAnalyzer<UnsafeConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, UnsafeConfigurationException cause) {
    return new FailureAnalysis("Orderly refuses to start: " + cause.getMessage(), cause.action(), cause);
  }
}
