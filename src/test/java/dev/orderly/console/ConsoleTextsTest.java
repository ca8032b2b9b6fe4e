package dev.orderly.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.cancellation.CancellationReason;
import dev.orderly.cancellation.CancellationStatus;
import dev.orderly.cancellation.NextStep;
import dev.orderly.common.ErrorCode;
import dev.orderly.order.OrderStatus;
import dev.orderly.order.TimelineEventType;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.refund.RefundStatus;
import dev.orderly.supportcase.CaseStatus;
import dev.orderly.supportcase.CaseTopic;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console speaks three languages completely: every text key exists in English, Simplified
 * Chinese and Indonesian; every key a page names exists; and every value of the enums pages show
 * by name ({@code order-status.<STATUS>}...) has its text.
 */
class ConsoleTextsTest {

  private static final Path TEMPLATES = Path.of("src/main/resources/templates/console");

  @Test
  void everyLanguageHasEveryConsoleText() throws IOException {
    Set<String> english = load("console.properties").stringPropertyNames();
    assertThat(load("console_zh_CN.properties").stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english);
    assertThat(load("console_id.properties").stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english);
    for (String file : new String[] {"console.properties", "console_zh_CN.properties", "console_id.properties"}) {
      load(file).forEach((k, v) -> assertThat(v.toString()).as(file + " " + k).isNotBlank());
    }
  }

  @Test
  void everyKeyAPageNamesExists() throws IOException {
    Set<String> known = known();
    Set<String> missing = new TreeSet<>();
    Pattern literal = Pattern.compile("#\\{([a-z][a-zA-Z0-9.-]*[a-zA-Z0-9])[}(]");
    try (Stream<Path> pages = Files.list(TEMPLATES)) {
      for (Path page : pages.toList()) {
        Matcher m = literal.matcher(Files.readString(page));
        while (m.find()) {
          if (!known.contains(m.group(1))) {
            missing.add(page.getFileName() + ": " + m.group(1));
          }
        }
      }
    }
    // the flashes and texts the controllers name
    Pattern named = Pattern.compile("\"((?:flash|terms)\\.[a-z][a-z.-]*[a-z])\"");
    try (Stream<Path> sources = Files.list(Path.of("src/main/java/dev/orderly/console"))) {
      for (Path source : sources.toList()) {
        Matcher m = named.matcher(Files.readString(source));
        while (m.find()) {
          if (!known.contains(m.group(1))) {
            missing.add(source.getFileName() + ": " + m.group(1));
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyValueShownByNameHasItsText() throws IOException {
    Set<String> known = known();
    Map<String, Enum<?>[]> shown = Map.ofEntries(Map.entry("order-status.", OrderStatus.values()),
        Map.entry("attempt-status.", AttemptStatus.values()), Map.entry("refund-status.", RefundStatus.values()),
        Map.entry("cancellation-status.", CancellationStatus.values()), Map.entry("case-status.", CaseStatus.values()),
        Map.entry("case-topic.", CaseTopic.values()), Map.entry("method.", PaymentMethod.values()),
        Map.entry("timeline.", TimelineEventType.values()), Map.entry("cancellation-reason.", CancellationReason.values()),
        Map.entry("next-step.", NextStep.values()), Map.entry("flash.cancel.", new Enum<?>[] {
            CancellationStatus.APPROVED, CancellationStatus.PENDING_SELLER}),
        Map.entry("flash.checked.", AttemptStatus.values()));
    Set<String> missing = new TreeSet<>();
    shown.forEach((prefix, values) -> Arrays.stream(values).map(v -> prefix + v.name())
        .filter(k -> !known.contains(k)).forEach(missing::add));
    Arrays.stream(ErrorCode.values()).map(c -> "error." + c.name() + ".title").filter(k -> !known.contains(k))
        .forEach(missing::add);
    // support reads a case's status from its side ("waiting for the customer")
    Arrays.stream(CaseStatus.values()).map(v -> "case-status." + v.name() + ".support").filter(k -> !known.contains(k))
        .forEach(missing::add);
    Arrays.stream(dev.orderly.notification.WebhookStatus.values()).map(v -> "webhook-status." + v.name())
        .filter(k -> !known.contains(k)).forEach(missing::add);
    Arrays.stream(dev.orderly.notification.DeliveryStatus.values()).map(v -> "delivery-status." + v.name())
        .filter(k -> !known.contains(k)).forEach(missing::add);
    // the console's own words for a refusal exist only for real codes
    Set<String> codes = new HashSet<>(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    known.stream().filter(k -> k.startsWith("console.error.")).map(k -> k.split("\\.")[2])
        .filter(c -> !codes.contains(c)).forEach(c -> missing.add("console.error." + c + " (no such code)"));
    assertThat(missing).isEmpty();
  }

  private static Set<String> known() throws IOException {
    Set<String> keys = new HashSet<>(load("console.properties").stringPropertyNames());
    keys.addAll(load("messages.properties").stringPropertyNames());
    return keys;
  }

  private static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (var in = new InputStreamReader(Files.newInputStream(Path.of("src/main/resources", name)),
        StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }
}
