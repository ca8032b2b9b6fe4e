package dev.orderly.order;

/**
 * The parts of Orderly that act on their own (timers, relays), as they appear in the {@code actor}
 * of timeline entries and audit trails: {@code system:<name>}, beside people's {@code buyer:<id>},
 * {@code seller:<id>}, {@code support:<id>} and providers' {@code provider:<name>}.
 */
public enum SystemActor {
  PAYMENT_DEADLINE("payment-deadline"),
  AUTO_COMPLETE("auto-complete"),
  RECONCILIATION("reconciliation"),
  REFUNDS("refunds"),
  SELLER_RESPONSE_TIMER("seller-response-timer"),
  METHOD_HEALTH("method-health"),
  SUPPORT_CASE_TIMER("support-case-timer");

  private final String label;

  SystemActor(String name) {
    this.label = "system:" + name;
  }

  /** {@code system:<name>}, as written on timelines. */
  public String label() {
    return label;
  }
}
