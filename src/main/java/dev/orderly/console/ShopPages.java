package dev.orderly.console;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.cancellation.CancellationTerms;
import dev.orderly.common.Cursor;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.Page;
import dev.orderly.inventory.InventoryService;
import dev.orderly.inventory.Product;
import dev.orderly.notification.NotificationType;
import dev.orderly.notification.WebhookDelivery;
import dev.orderly.notification.Webhooks;
import dev.orderly.policy.SellerPolicy;
import dev.orderly.policy.SellerPolicyService;
import io.swagger.v3.oas.annotations.Hidden;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A seller's shop: its products and their stock (and listing a new one), its policy (the editor
 * shows, as the seller types, the terms buyers will read in each language), and its webhooks with
 * each one's delivery log. The same services and rules as {@code /api/v1/products},
 * {@code /api/v1/sellers/me/policy} and {@code /api/v1/webhooks}.
 */
@Controller
@Hidden // pages for people, not operations of the API document
class ShopPages {

  /** The languages terms are previewed in. */
  static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE, Locale.forLanguageTag("id"));

  /** The policy's windows, as the editor names its fields, in the policy's order. */
  static final Map<String, Function<SellerPolicy, Duration>> WINDOW_OF = windows();
  static final List<String> WINDOWS = List.copyOf(WINDOW_OF.keySet());

  private static Map<String, Function<SellerPolicy, Duration>> windows() {
    Map<String, Function<SellerPolicy, Duration>> w = new LinkedHashMap<>();
    w.put("paymentWindow", SellerPolicy::paymentWindow);
    w.put("freeCancelWindow", SellerPolicy::freeCancelWindow);
    w.put("cancellationWindow", SellerPolicy::cancellationWindow);
    w.put("sellerResponseWindow", SellerPolicy::sellerResponseWindow);
    w.put("autoCompleteWindow", SellerPolicy::autoCompleteWindow);
    w.put("paymentReminderBefore", SellerPolicy::paymentReminderBefore);
    return java.util.Collections.unmodifiableMap(w);
  }

  /** The units a window is typed in. */
  static final List<ChronoUnit> UNITS = List.of(ChronoUnit.MINUTES, ChronoUnit.HOURS, ChronoUnit.DAYS);

  private final InventoryService inventory;
  private final SellerPolicyService policies;
  private final CancellationTerms terms;
  private final Webhooks webhooks;
  private final ConsoleTexts texts;

  ShopPages(InventoryService inventory, SellerPolicyService policies, CancellationTerms terms, Webhooks webhooks,
      ConsoleTexts texts) {
    this.inventory = inventory;
    this.policies = policies;
    this.terms = terms;
    this.webhooks = webhooks;
    this.texts = texts;
  }

  // ---- products ----

  @GetMapping("/console/seller/products")
  String products(@Allowed(Role.SELLER) Actor seller, @RequestParam(required = false) @Nullable Cursor cursor,
      Model model) {
    Page<Product> page = inventory.list(seller.id(), cursor, 50);
    model.addAttribute("products", page.items());
    model.addAttribute("next", page.next() == null ? null : page.next().token());
    return "console/seller-products";
  }

  /** Lists a product: the API's rules (sku up to 64 characters, title up to 200, a price above zero, stock 0–1,000,000). */
  @PostMapping("/console/seller/products")
  String addProduct(@Allowed(Role.SELLER) Actor seller, @RequestParam String sku, @RequestParam String title,
      @RequestParam String price, @RequestParam String currency, @RequestParam int stock,
      @RequestParam(defaultValue = "false") boolean digital, RedirectAttributes flash) {
    Money amount = ConsoleModel.money("price", price, ConsoleTexts.required("currency", currency, 3));
    if (amount.amount().signum() <= 0) {
      throw OrderlyException.invalid("price", "must be greater than zero");
    }
    if (stock < 0 || stock > 1_000_000) {
      throw OrderlyException.invalid("stock", "must be between 0 and 1000000");
    }
    Product p = inventory.create(new InventoryService.NewProduct(seller.id(), ConsoleTexts.required("sku", sku, 64),
        ConsoleTexts.required("title", title, 200), amount, stock, digital));
    return texts.done("/console/seller/products", flash, "flash.product-added", p.sku());
  }

  // ---- policy ----

  @GetMapping("/console/seller/policy")
  String policy(@Allowed(Role.SELLER) Actor seller, Model model) {
    return editor(policies.current(seller.id()), model);
  }

  /**
   * The terms buyers would read under the policy typed so far, in each language: the preview part
   * alone for htmx (as the seller types), the whole editor with the fields as typed without
   * JavaScript (the Preview button). Fields that make no policy: {@code 400}, with why, in place of
   * the terms (htmx swaps a 400 in too; see layout.html).
   */
  @PostMapping("/console/seller/policy/preview")
  String preview(@Allowed(Role.SELLER) Actor seller, @RequestParam Map<String, String> form,
      @RequestHeader(value = "HX-Request", required = false) @Nullable String htmx, Model model,
      HttpServletResponse response) {
    try {
      model.addAttribute("preview", preview(policyOf(form)));
    } catch (OrderlyException refused) {
      response.setStatus(refused.code().status());
      model.addAttribute("previewProblem", explain(refused));
      model.addAttribute("previewDetail", refused.getMessage());
      model.addAttribute("previewCode", refused.code());
    }
    if (htmx != null) {
      return "console/seller-policy :: preview";
    }
    Map<String, Window> typed = new LinkedHashMap<>();
    WINDOWS.forEach(w -> typed.put(w, new Window(form.getOrDefault(w + "Amount", ""), form.getOrDefault(w + "Unit", ""))));
    model.addAttribute("windows", typed);
    model.addAttribute("units", UNITS);
    model.addAttribute("fee", form.getOrDefault("cancellationFeePercent", ""));
    model.addAttribute("digitalCancellable", "true".equals(form.get("digitalCancellable")));
    return "console/seller-policy";
  }

  /**
   * Why the fields make no policy, in the seller's language: which field to check, or the rule the
   * windows broke (the API's English reason stays beside it, smaller).
   */
  private String explain(OrderlyException refused) {
    Object errors = refused.properties().get("errors");
    String field = errors instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first
        && first.get("field") instanceof String f ? f : "";
    if (field.equals("freeCancelWindow") && refused.getMessage().contains("cancellationWindow")) {
      return texts.text("policy.free-longer");
    }
    String label = WINDOWS.contains(field) || field.equals("cancellationFeePercent")
        ? texts.text("policy." + (field.equals("cancellationFeePercent") ? "fee" : field)) : field;
    return texts.text("policy.check", label);
  }

  /** One window as the editor shows it: the amount as typed and its unit's name. */
  record Window(String amount, String unit) {}

  @PostMapping("/console/seller/policy")
  String savePolicy(@Allowed(Role.SELLER) Actor seller, @RequestParam Map<String, String> form,
      RedirectAttributes flash) {
    policies.replace(seller.id(), policyOf(form));
    return texts.done("/console/seller/policy", flash, "flash.policy-saved");
  }

  private String editor(SellerPolicy policy, Model model) {
    Map<String, Window> windows = new LinkedHashMap<>();
    WINDOW_OF.forEach((name, window) -> windows.put(name, inUnits(window.apply(policy))));
    model.addAttribute("windows", windows);
    model.addAttribute("units", UNITS);
    model.addAttribute("fee", policy.cancellationFeePercent().toPlainString());
    model.addAttribute("digitalCancellable", policy.digitalCancellable());
    model.addAttribute("preview", preview(policy));
    return "console/seller-policy";
  }

  /** The largest unit that states the window exactly: 90 minutes stay minutes, 48 hours become 2 days. */
  static Window inUnits(Duration d) {
    for (int i = UNITS.size() - 1; i >= 0; i--) {
      Duration unit = UNITS.get(i).getDuration();
      if (d.toSeconds() % unit.toSeconds() == 0) {
        return new Window(String.valueOf(d.toSeconds() / unit.toSeconds()), UNITS.get(i).name());
      }
    }
    // a window set in seconds through the API: shown in whole minutes, rounded up
    return new Window(String.valueOf((d.toSeconds() + 59) / 60), ChronoUnit.MINUTES.name());
  }

  private Map<String, List<String>> preview(SellerPolicy policy) {
    Map<String, List<String>> byLanguage = new LinkedHashMap<>();
    for (Locale locale : LANGUAGES) {
      byLanguage.put(locale.toLanguageTag(), terms.sentences(policy, true, locale));
    }
    return byLanguage;
  }

  /** The policy the editor's fields give: each window {@code <name>} as {@code <name>Amount} in {@code <name>Unit}. */
  static SellerPolicy policyOf(Map<String, String> form) {
    Duration[] d = new Duration[WINDOWS.size()];
    for (int i = 0; i < WINDOWS.size(); i++) {
      String name = WINDOWS.get(i);
      String amount = form.getOrDefault(name + "Amount", "").strip();
      if (!amount.matches("\\d{1,6}")) {
        throw OrderlyException.invalid(name, "must be a whole number");
      }
      ChronoUnit unit = UNITS.stream().filter(u -> u.name().equals(form.get(name + "Unit"))).findFirst()
          .orElseThrow(() -> OrderlyException.invalid(name, "unit must be one of MINUTES, HOURS, DAYS"));
      d[i] = unit.getDuration().multipliedBy(Long.parseLong(amount));
    }
    String fee = form.getOrDefault("cancellationFeePercent", "").strip();
    if (!fee.matches("\\d{1,3}(\\.\\d{1,2})?")) {
      throw OrderlyException.invalid("cancellationFeePercent", "must be a number from 0 to 100 with at most two decimals");
    }
    return new SellerPolicy(d[0], d[1], d[2], d[3], d[4], new BigDecimal(fee),
        "true".equals(form.get("digitalCancellable")), d[5]).requireConsistent();
  }

  // ---- webhooks ----

  @GetMapping("/console/seller/webhooks")
  String webhookList(@Allowed(Role.SELLER) Actor seller, Model model) {
    model.addAttribute("subscriptions", webhooks.list(seller, null, 100).items());
    model.addAttribute("types", Webhooks.SUBSCRIBABLE.stream().map(NotificationType::name).sorted().toList());
    return "console/seller-webhooks";
  }

  /** Subscribes a URL; its signing secret is shown this once. */
  @PostMapping("/console/seller/webhooks")
  String subscribe(@Allowed(Role.SELLER) Actor seller, @RequestParam String url,
      @RequestParam(required = false) @Nullable List<String> types, RedirectAttributes flash) {
    Webhooks.Created created = webhooks.create(seller, ConsoleTexts.required("url", url, 2000),
        types == null ? List.of() : types);
    flash.addFlashAttribute("secret", created.secret());
    return texts.done("/console/seller/webhooks", flash, "flash.webhook-added");
  }

  @PostMapping("/console/seller/webhooks/{id}/delete")
  String unsubscribe(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id, RedirectAttributes flash) {
    webhooks.delete(seller, id);
    return texts.done("/console/seller/webhooks", flash, "flash.webhook-deleted");
  }

  @GetMapping("/console/seller/webhooks/{id}")
  String deliveries(@Allowed(Role.SELLER) Actor seller, @PathVariable UUID id,
      @RequestParam(required = false) @Nullable Cursor cursor, Model model) {
    Page<WebhookDelivery> page = webhooks.deliveries(seller, id, cursor, 50);
    model.addAttribute("subscription", webhooks.list(seller, null, 100).items().stream()
        .filter(s -> s.id().equals(id)).findFirst().orElse(null));
    model.addAttribute("deliveries", page.items());
    model.addAttribute("next", page.next() == null ? null : page.next().token());
    return "console/seller-deliveries";
  }
}
