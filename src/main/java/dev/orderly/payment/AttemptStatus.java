package dev.orderly.payment;

public enum AttemptStatus {
  PENDING, SUCCEEDED, FAILED, CLOSED;

  boolean isFinal() {
    return this != PENDING;
  }
}
