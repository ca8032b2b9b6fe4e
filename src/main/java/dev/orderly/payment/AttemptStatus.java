package dev.orderly.payment;

/**
 * Where a payment attempt stands at the provider. {@code PENDING} until the provider tells an
 * outcome; {@code SUCCEEDED} is money taken (see {@link AppliedAs} for what it did), {@code FAILED}
 * and {@code CLOSED} took none, though money may still come for them (a late success is applied).
 */
public enum AttemptStatus {
  PENDING, SUCCEEDED, FAILED, CLOSED
}
