package dev.orderly.console;

import dev.orderly.access.Actor;
import dev.orderly.access.CurrentActor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import dev.orderly.common.OrderlyException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page gets: the signed-in actor ({@code me}), the viewer's formats
 * ({@code fmt}: locale and time zone), the language tag ({@code lang}) and the current time
 * ({@code now}); and how a refusal becomes a page. A refusal is the API's: the same code, with its
 * title, detail and what to do in the viewer's language ({@code error.<CODE>.*}), and the same HTTP
 * status; an order that is not the viewer's is a plain 404, as in the API.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleModel {

  /** Set by console.js to the browser's zone ({@code Intl.DateTimeFormat().resolvedOptions().timeZone}). */
  static final String ZONE_COOKIE = "tz";

  private final Clock clock;
  private final MessageSource messages;

  ConsoleModel(Clock clock, MessageSource messages) {
    this.clock = clock;
    this.messages = messages;
  }

  @ModelAttribute
  void common(HttpServletRequest request, Model model) {
    fill(request, model::addAttribute);
  }

  private void fill(HttpServletRequest request, BiConsumer<String, @Nullable Object> put) {
    Locale locale = LocaleContextHolder.getLocale();
    put.accept("me", CurrentActor.of(request).orElse(null));
    put.accept("fmt", new ConsoleFormat(locale, zone(request)));
    put.accept("lang", locale.toLanguageTag());
    put.accept("now", Instant.now(clock));
    put.accept("path", request.getRequestURI());
  }

  /** Coordinated Universal Time, named so ("Z" means nothing to a shopper). */
  private static final ZoneId UTC = ZoneId.of("UTC");

  /** The viewer's zone from its browser; UTC until the browser has said (or with JavaScript off). */
  static ZoneId zone(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (ZONE_COOKIE.equals(c.getName()) && c.getValue() != null && c.getValue().length() <= 64) {
          try {
            return ZoneId.of(c.getValue().replace("%2F", "/"));
          } catch (DateTimeException unknown) {
            return UTC;
          }
        }
      }
    }
    return UTC;
  }

  /** A refusal from a service: its page, with the API's status. */
  @ExceptionHandler(OrderlyException.class)
  ModelAndView refused(OrderlyException e, HttpServletRequest request) {
    ModelAndView page = new ModelAndView("console/problem");
    page.setStatus(org.springframework.http.HttpStatus.valueOf(e.code().status()));
    page.addObject("problem", Problem.of(e.code(), e.getMessage(), messages, LocaleContextHolder.getLocale()));
    page.addObject("back", back(request));
    fill(request, page::addObject);
    return page;
  }

  /**
   * Where "Back" leads from a refusal: the page the form was on (the Referer, when it is one of this
   * console's own addresses), so that a person corrects what they typed instead of starting over.
   */
  static @Nullable String back(HttpServletRequest request) {
    String referer = request.getHeader("Referer");
    if (referer == null) {
      return null;
    }
    try {
      java.net.URI uri = java.net.URI.create(referer);
      String host = request.getServerName();
      boolean ours = uri.getHost() == null || uri.getHost().equalsIgnoreCase(host);
      String path = uri.getRawPath();
      return ours && path != null && (path.startsWith("/console/") || path.equals("/"))
          ? path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) : null;
    } catch (IllegalArgumentException notAUri) {
      return null;
    }
  }

  /**
   * A form's field that did not arrive as its type (a missing or unknown choice, a number that is
   * not one): the API's {@code 400 VALIDATION_FAILED}, naming the field.
   */
  @ExceptionHandler({ServletRequestBindingException.class, TypeMismatchException.class})
  ModelAndView badForm(Exception e, HttpServletRequest request) {
    if (e instanceof MethodArgumentTypeMismatchException t
        && t.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
      // /console/orders/not-an-id: an address that leads nowhere
      return refused(new OrderlyException(ErrorCode.NOT_FOUND, "no such page"), request);
    }
    String field = e instanceof MissingServletRequestParameterException m ? m.getParameterName()
        : e instanceof MethodArgumentTypeMismatchException t ? t.getName() : "form";
    return refused(OrderlyException.invalid(field, "is missing or not a valid value"), request);
  }

  /** An amount typed or sent in a form, in {@code currency}; {@code 400 VALIDATION_FAILED} naming {@code field}. */
  static Money money(String field, String amount, String currency) {
    try {
      return Money.of(amount.strip(), currency);
    } catch (NumberFormatException e) {
      throw OrderlyException.invalid(field, "must be an amount such as 12.50");
    }
  }

  /** A refusal as a person reads it: the code, and title, detail and action in the viewer's language. */
  record Problem(ErrorCode code, String title, String detail, @Nullable String action, @Nullable String reason) {
    static Problem of(ErrorCode code, @Nullable String reason, MessageSource messages, Locale locale) {
      String title = messages.getMessage("error." + code.name() + ".title", null, code.name(), locale);
      // the console's own words where the API's speak of its members and headers (console.error.<CODE>.*)
      String detail = messages.getMessage("console.error." + code.name() + ".detail", null,
          messages.getMessage("error." + code.name() + ".detail", null, "", locale), locale);
      String action = messages.getMessage("console.error." + code.name() + ".action", null,
          messages.getMessage("error." + code.name() + ".action", null, null, locale), locale);
      // the English why, shown for input mistakes only (which member, what is wrong)
      return new Problem(code, title, detail, action, code == ErrorCode.VALIDATION_FAILED ? reason : null);
    }
  }

  static @Nullable Actor actor(HttpServletRequest request) {
    return CurrentActor.of(request).orElse(null);
  }
}
