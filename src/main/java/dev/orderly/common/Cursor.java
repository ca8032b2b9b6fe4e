package dev.orderly.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Where the next page of a list starts (API.md, Conventions → Lists): the sort key of the last item
 * of the page before, a time and the row's id, which together order every list strictly. A page
 * after a cursor holds only rows strictly beyond it in the list's order, so paging never repeats or
 * skips a row that existed when paging started, whatever is inserted meanwhile (keyset paging; no
 * offsets, so the hundredth page costs what the first does).
 *
 * <p>Its {@link #token() token} is opaque to clients: base64url of {@code 1:<epoch second>:<nano>:<id>}.
 * A token that does not parse is refused with 400 {@code VALIDATION_FAILED} naming {@code cursor}.
 * A cursor reveals nothing a client could not already see (the last item it was given), and every
 * page is still filtered by the caller's scope, so a token from another list or another caller is
 * merely a position.
 *
 * @param at the list's time column of the last item (placement, creation or due time)
 * @param id the last item's id, breaking ties between equal times
 */
public record Cursor(Instant at, UUID id) {
  private static final String VERSION = "1";
  private static final int MAX_TOKEN = 128;

  public Cursor {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(id, "id");
  }

  /** The opaque form clients get in a {@code Link} header and send back as {@code cursor}. */
  public String token() {
    String plain = VERSION + ":" + at.getEpochSecond() + ":" + at.getNano() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The cursor a {@link #token()} stands for.
   *
   * @throws IllegalArgumentException when {@code token} is not one (Spring turns it into 400 naming
   *     the parameter)
   */
  public static Cursor parse(String token) {
    if (token.isEmpty() || token.length() > MAX_TOKEN) {
      throw new IllegalArgumentException("not a cursor");
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      String[] parts = plain.split(":", -1);
      if (parts.length != 4 || !parts[0].equals(VERSION)) {
        throw new IllegalArgumentException("not a cursor");
      }
      long second = Long.parseLong(parts[1]);
      int nano = Integer.parseInt(parts[2]);
      if (nano < 0 || nano > 999_999_999 || parts[3].length() != 36) {
        throw new IllegalArgumentException("not a cursor");
      }
      return new Cursor(Instant.ofEpochSecond(second, nano), UUID.fromString(parts[3]));
    } catch (RuntimeException e) { // base64, number, UUID or instant out of range
      throw new IllegalArgumentException("not a cursor", e);
    }
  }

  @Override
  public String toString() {
    return token();
  }
}
