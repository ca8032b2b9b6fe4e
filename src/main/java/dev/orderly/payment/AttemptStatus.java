package dev.orderly.payment;

public enum AttemptStatus {
  PENDING, SUCCEEDED, FAILED, CLOSED
}
