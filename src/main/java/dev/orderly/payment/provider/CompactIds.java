package dev.orderly.payment.provider;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Orderly's ids as Alipay's and WeChat Pay's merchant numbers ({@code out_trade_no},
 * {@code out_refund_no}): the UUID without its dashes, 32 characters, within both providers' limits
 * (64 and 32) and their character sets; and back.
 */
public final class CompactIds {

  private static final Pattern COMPACT = Pattern.compile("[0-9a-f]{32}");

  private CompactIds() {}

  /** {@code 01a23100-2d30-71f9-…} as {@code 01a231002d3071f9…}. */
  public static String compact(String id) {
    return id.replace("-", "");
  }

  /** The UUID a compact number stands for; empty for a number Orderly did not make. */
  public static Optional<UUID> expand(String compact) {
    if (compact == null || !COMPACT.matcher(compact).matches()) {
      return Optional.empty();
    }
    return Optional.of(UUID.fromString(compact.substring(0, 8) + "-" + compact.substring(8, 12) + "-"
        + compact.substring(12, 16) + "-" + compact.substring(16, 20) + "-" + compact.substring(20)));
  }
}
