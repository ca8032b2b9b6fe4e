package dev.orderly.order;

/** How an order came to complete, as its {@code ORDER_COMPLETED} timeline entry says ({@code by}). */
enum Completion {
  BUYER_CONFIRMED_RECEIPT("buyer confirmed receipt"),
  AUTO_COMPLETE_WINDOW_PASSED("auto-complete window passed");

  private final String text;

  Completion(String text) {
    this.text = text;
  }

  /** The words on the timeline, as support reads them. */
  String text() {
    return text;
  }
}
