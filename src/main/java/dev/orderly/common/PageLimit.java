package dev.orderly.common;

/**
 * How many items one answer of a list endpoint holds (API.md, Conventions → Lists): the
 * {@code limit} query parameter, 1 to {@link #MAX}, {@link #DEFAULT} when left out. A value out of
 * range is refused with 400 naming {@code limit}, never clamped silently.
 */
public final class PageLimit {
  private PageLimit() {}

  public static final int MIN = 1;
  public static final int MAX = 200;
  /** As a string, for {@code @RequestParam(defaultValue = ...)}. */
  public static final String DEFAULT = "50";
}
