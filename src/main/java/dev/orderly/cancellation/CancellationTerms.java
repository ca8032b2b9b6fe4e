package dev.orderly.cancellation;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.inventory.Product;
import dev.orderly.inventory.InventoryService;
import dev.orderly.policy.SellerPolicy;
import dev.orderly.policy.SellerPolicyService;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The seller's cancellation terms in plain words, in the buyer's language, before buying: the
 * seed's pre-purchase checklist ("understand the shop's cancellation policy").
 */
@Component
public class CancellationTerms {

  /**
   * The policy as numbers and as sentences; {@code termsVersion} changes whenever the terms do, and
   * may be given when placing the order ({@code acceptedTermsVersion}) so that it is refused if the
   * seller changed them meanwhile.
   */
  public record Terms(UUID productId, UUID sellerId, SellerPolicy policy, String termsVersion, boolean digital,
      List<String> sentences) {}

  private final InventoryService inventory;
  private final SellerPolicyService policies;
  private final MessageSource messages;

  CancellationTerms(InventoryService inventory, SellerPolicyService policies, MessageSource messages) {
    this.inventory = inventory;
    this.policies = policies;
    this.messages = messages;
  }

  /** The terms of the product's seller as they are now; {@code 404 PRODUCT_NOT_FOUND} for an unknown product. */
  public Terms forProduct(UUID productId, Locale locale) {
    Product product = inventory.find(productId).orElseThrow(
        () -> new OrderlyException(ErrorCode.PRODUCT_NOT_FOUND, "no product " + productId));
    SellerPolicy p = policies.current(product.sellerId());
    return new Terms(productId, product.sellerId(), p, p.termsVersion(), product.digital(),
        sentences(p, product.digital(), locale));
  }

  /**
   * The terms a policy gives, as buyers read them in {@code locale}: the product page's, and the
   * seller's preview while editing its policy ({@code digital}: include the rule for digital goods).
   */
  public List<String> sentences(SellerPolicy p, boolean digital, Locale locale) {
    List<String> sentences = new ArrayList<>();
    sentences.add(text("terms.payment-window", locale, words(p.paymentWindow(), locale)));
    sentences.add(p.freeCancelWindow().isZero() ? text("terms.free-cancel.none", locale)
        : text("terms.free-cancel", locale, words(p.freeCancelWindow(), locale)));
    sentences.add(p.cancellationWindow().compareTo(p.freeCancelWindow()) <= 0
        ? text("terms.cancellation-window.none", locale)
        : text("terms.cancellation-window", locale, words(p.cancellationWindow(), locale),
            words(p.sellerResponseWindow(), locale)));
    sentences.add(p.cancellationFeePercent().signum() == 0 ? text("terms.fee.none", locale)
        : text("terms.fee", locale, p.cancellationFeePercent()));
    if (digital) {
      sentences.add(text(p.digitalCancellable() ? "terms.digital.cancellable" : "terms.digital.not-cancellable", locale));
    }
    sentences.add(text("terms.after-shipping", locale));
    return sentences;
  }

  /** "1 day 2 hours": the two largest non-zero units. */
  String words(Duration d, Locale locale) {
    long[] amounts = {d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart()};
    String[] units = {"duration.days", "duration.hours", "duration.minutes", "duration.seconds"};
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < amounts.length && parts.size() < 2; i++) {
      if (amounts[i] > 0) {
        parts.add(text(units[i], locale, amounts[i]));
      } else if (!parts.isEmpty()) {
        break; // "1 day" rather than "1 day 0 hours 5 minutes"
      }
    }
    if (parts.isEmpty()) {
      return text("duration.seconds", locale, 0L);
    }
    return parts.size() == 1 ? parts.get(0) : text("duration.join", locale, parts.get(0), parts.get(1));
  }

  private String text(String key, Locale locale, Object... args) {
    // the terms are MessageFormat patterns even without arguments (quotes are doubled in them)
    return new MessageFormat(messages.getMessage(key, null, key, locale), locale).format(args);
  }

}
