package dev.orderly.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * docs/error-codes.md is generated from the message bundles; this test fails when the committed
 * file differs from what the bundles produce now, and rewrites it with {@code -Dcatalogue.write=true}.
 */
class ErrorCatalogDocTest {

  static final Path DOC = Path.of("docs", "error-codes.md");
  static final String REGENERATE = "mvn -B test -Dtest=ErrorCatalogDocTest -Dcatalogue.write=true";

  /** Headings and column names per language: title, errors, payment failures, columns. */
  private static final Map<Locale, List<String>> LABELS = Map.of(
      Locale.ENGLISH, List.of("English", "Error codes", "Payment failure codes",
          "Code", "HTTP", "Title", "Meaning", "What you can do"),
      Locale.SIMPLIFIED_CHINESE, List.of("简体中文", "错误码", "支付失败原因",
          "代码", "HTTP", "标题", "含义", "您可以怎么做"),
      Locale.forLanguageTag("id"), List.of("Bahasa Indonesia", "Kode error", "Kode kegagalan pembayaran",
          "Kode", "HTTP", "Judul", "Arti", "Yang bisa Anda lakukan"));

  @Test
  void committedDocumentIsUpToDate() throws IOException {
    String generated = render(new ErrorCatalog(bundles()));
    if (Boolean.getBoolean("catalogue.write")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
      return;
    }
    String committed = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8).replace("\r\n", "\n") : "";
    if (!committed.equals(generated)) {
      fail(DOC + " is out of date with src/main/resources/messages*.properties (first difference at line "
          + firstDifferentLine(committed, generated) + "). Regenerate it with: " + REGENERATE);
    }
  }

  /** The bundles as the application reads them. */
  static ResourceBundleMessageSource bundles() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    return messages;
  }

  static String render(ErrorCatalog catalog) {
    StringBuilder md = new StringBuilder();
    md.append("# Error codes\n\n")
        .append("<!-- Generated from src/main/resources/messages*.properties by ErrorCatalogDocTest; do not edit by hand. -->\n\n")
        .append("Regenerate after changing a code or its texts:\n\n")
        .append("```bash\n").append(REGENERATE).append("\n```\n\n")
        .append("Every refusal is an RFC 9457 problem document whose `code` is one of the error codes below; its\n")
        .append("`type`, `/errors/<CODE>`, serves that code's entry as JSON without a token, in the language of\n")
        .append("`Accept-Language` or of `?lang=en|zh-CN|id`. A payment attempt that did not take the money\n")
        .append("carries one of the payment failure codes. `GET /api/v1/error-codes` returns the whole catalogue.\n\n");
    md.append(String.join(" · ", ErrorCatalog.LANGUAGES.stream()
        .map(l -> "[" + LABELS.get(l).get(0) + "](#" + anchor(LABELS.get(l).get(0)) + ")").toList())).append("\n");
    for (Locale language : ErrorCatalog.LANGUAGES) {
      List<String> label = LABELS.get(language);
      ErrorCatalog.Catalog c = catalog.catalog(language);
      md.append("\n## ").append(label.get(0)).append("\n\n### ").append(label.get(1)).append("\n\n");
      row(md, label.subList(3, 8));
      row(md, List.of("---", "---", "---", "---", "---"));
      c.errors().forEach(e -> row(md, List.of("`" + e.code() + "`", String.valueOf(e.status()), e.title(), e.meaning(), e.action())));
      md.append("\n### ").append(label.get(2)).append("\n\n");
      row(md, List.of(label.get(3), label.get(5), label.get(6), label.get(7)));
      row(md, List.of("---", "---", "---", "---"));
      c.paymentFailures().forEach(f -> row(md, List.of("`" + f.code() + "`", f.title(), f.meaning(), f.action())));
    }
    return md.toString();
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append("| ").append(String.join(" | ", cells.stream().map(ErrorCatalogDocTest::cell).toList())).append(" |\n");
  }

  // texts such as "Bearer <token>" would vanish as HTML tags, and a "|" would split the cell
  private static String cell(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|");
  }

  private static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replace(' ', '-');
  }

  private static int firstDifferentLine(String a, String b) {
    List<String> x = a.lines().toList();
    List<String> y = b.lines().toList();
    int i = 0;
    while (i < x.size() && i < y.size() && x.get(i).equals(y.get(i))) {
      i++;
    }
    return i + 1;
  }
}
