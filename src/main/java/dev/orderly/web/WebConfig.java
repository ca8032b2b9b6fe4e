package dev.orderly.web;

import dev.orderly.common.Cursor;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import dev.orderly.access.Actor;
import dev.orderly.access.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

  static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE, Locale.forLanguageTag("id"));

  /** Where the web console keeps a language the viewer chose (its language switch). */
  public static final String SESSION_LOCALE = "orderly.locale";

  /**
   * The language of an answer. The API's (no session): {@code Accept-Language}, among the three
   * Orderly speaks, English otherwise. The web console's (a session): the language the viewer chose
   * with the switch, else the signed-in principal's own, else {@code Accept-Language}.
   */
  @Bean
  LocaleResolver localeResolver() {
    AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver() {
      @Override
      public Locale resolveLocale(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
          if (session.getAttribute(SESSION_LOCALE) instanceof Locale chosen) {
            return chosen;
          }
          Optional<Locale> own = CurrentActor.of(request).map(Actor::locale).filter(SUPPORTED::contains);
          if (own.isPresent()) {
            return own.get();
          }
        }
        return super.resolveLocale(request);
      }

      @Override
      public void setLocale(HttpServletRequest request, @Nullable HttpServletResponse response,
          @Nullable Locale locale) {
        if (locale != null && SUPPORTED.contains(locale)) {
          request.getSession().setAttribute(SESSION_LOCALE, locale);
        }
      }
    };
    resolver.setSupportedLocales(SUPPORTED);
    resolver.setDefaultLocale(Locale.ENGLISH);
    return resolver;
  }

  /** A list's {@code cursor} parameter; a token that is not one fails conversion: 400 naming it. */
  @Override
  public void addFormatters(FormatterRegistry registry) {
    registry.addConverter(String.class, Cursor.class, Cursor::parse);
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new DeclaredInputs());
  }
}
