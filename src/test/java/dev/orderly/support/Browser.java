package dev.orderly.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A real browser for the console's tests: Debian's {@code chromium} driven by Playwright for Java,
 * whose driver comes from Maven Central; Playwright never downloads a browser
 * ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}). The executable is {@code /usr/bin/chromium}, or
 * {@code ORDERLY_CHROMIUM}. Without one the tests are skipped with the reason printed, unless
 * {@code ORDERLY_BROWSER_REQUIRED=1} (CI sets it: there a missing browser fails the run).
 *
 * <p>Each page a test visits can be saved as a screenshot under {@code target/console-screenshots/}
 * and checked with Deque's axe-core for serious and critical violations.
 */
public final class Browser implements AutoCloseable {

  public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final AtomicInteger SHOTS = new AtomicInteger();

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;
  private final String base;

  private Browser(Playwright playwright, com.microsoft.playwright.Browser browser, String base) {
    this.playwright = playwright;
    this.browser = browser;
    this.base = base;
  }

  /** Debian's chromium, headless, for pages served at {@code base}; skips the test class without one. */
  public static Browser launch(String base) {
    clearScreenshotsOnce();
    Path chromium = Path.of(System.getenv().getOrDefault("ORDERLY_CHROMIUM", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      String why = chromium + " is not installed (Debian package chromium): the browser tests are skipped";
      if ("1".equals(System.getenv("ORDERLY_BROWSER_REQUIRED"))) {
        throw new IllegalStateException(why.replace("are skipped", "cannot run") + ", and ORDERLY_BROWSER_REQUIRED=1");
      }
      System.out.println(why);
      Assumptions.abort(why);
    }
    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    // as root in a container: no sandbox; no background connections to a network this machine cannot reach
    com.microsoft.playwright.Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(chromium).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage")));
    return new Browser(playwright, browser, base);
  }

  private static final java.util.concurrent.atomic.AtomicBoolean CLEARED = new java.util.concurrent.atomic.AtomicBoolean();

  /** The screenshots of this run only (numbered from 001 in each test JVM). */
  private static void clearScreenshotsOnce() {
    if (!CLEARED.compareAndSet(false, true) || !Files.isDirectory(SCREENSHOTS)) {
      return;
    }
    try (var old = Files.list(SCREENSHOTS)) {
      for (Path p : old.filter(p -> p.toString().endsWith(".png")).toList()) {
        Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A fresh browser profile (no cookies) at a desktop width, in {@code zone}. */
  public BrowserContext context() {
    return context(1280, 900);
  }

  /** A fresh profile with JavaScript switched off: what works then is what plain forms and links do. */
  public BrowserContext noScriptContext() {
    return context(1280, 900, false);
  }

  public BrowserContext context(int width, int height) {
    return context(width, height, true);
  }

  private BrowserContext context(int width, int height, boolean javaScript) {
    BrowserContext context = browser.newContext(new NewContextOptions().setBaseURL(base).setViewportSize(width, height)
        .setTimezoneId("Asia/Jakarta").setLocale("en-US").setJavaScriptEnabled(javaScript));
    context.setDefaultTimeout(15_000);
    return context;
  }

  /** Signs in on the sign-in page with one click on a demo principal ({@code alice}, {@code sam}...). */
  public static Page signInAsDemo(BrowserContext context, String name) {
    Page page = context.newPage();
    page.navigate("/");
    page.click("#demo-" + name);
    page.waitForURL(url -> url.contains("/console/"));
    return page;
  }

  /** Signs in with a token typed into the form. */
  public static Page signInWithToken(BrowserContext context, String token) {
    Page page = context.newPage();
    page.navigate("/sign-in");
    page.fill("#token", token);
    page.click("form.card button[type=submit]");
    page.waitForURL(url -> url.contains("/console/"));
    return page;
  }

  /** Saves the page as it is now: {@code target/console-screenshots/NNN-name.png}. */
  public static Path screenshot(Page page, String name) {
    Path file = SCREENSHOTS.resolve(String.format("%03d-%s.png", SHOTS.incrementAndGet(), name));
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  /** axe-core on the page: no violation of serious or critical impact (WCAG 2.0/2.1 A and AA rules). */
  public static void assertAccessible(Page page, String what) {
    AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
        .analyze();
    List<Rule> bad = results.getViolations().stream()
        .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact())).toList();
    assertThat(bad).as(what + ": axe-core violations of serious or critical impact:\n" + bad.stream()
        .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at " + v.getNodes().stream()
            .map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
        .collect(Collectors.joining("\n"))).isEmpty();
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
