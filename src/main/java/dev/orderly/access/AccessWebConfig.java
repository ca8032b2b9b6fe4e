package dev.orderly.access;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Authentication in two steps: a filter resolves the bearer token into an {@link Actor} (so that
 * later filters such as idempotency know who is asking), and inside MVC every {@code /api/v1} call
 * without one is refused, so the refusal is a problem document like any other.
 */
@Configuration(proxyBeanMethods = false)
class AccessWebConfig implements WebMvcConfigurer {

  static final String ACTOR_ATTRIBUTE = Actor.class.getName();

  private final PrincipalService principals;

  AccessWebConfig(PrincipalService principals) {
    this.principals = principals;
  }

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> bearerTokenFilter() {
    OncePerRequestFilter filter = new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
          principals.authenticate(header.substring(7).trim())
              .ifPresent(actor -> request.setAttribute(ACTOR_ATTRIBUTE, actor));
        }
        chain.doFilter(request, response);
      }
    };
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns("/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new HandlerInterceptor() {
      @Override
      public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(ACTOR_ATTRIBUTE) == null) {
          throw new OrderlyException(ErrorCode.UNAUTHENTICATED, "a valid bearer token is required");
        }
        return true;
      }
    }).addPathPatterns("/api/v1/**");
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new HandlerMethodArgumentResolver() {
      @Override
      public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
      }

      @Override
      public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
          WebDataBinderFactory binderFactory) {
        Actor actor = (Actor) request.getAttribute(ACTOR_ATTRIBUTE, NativeWebRequest.SCOPE_REQUEST);
        if (actor == null) {
          throw new OrderlyException(ErrorCode.UNAUTHENTICATED, "a valid bearer token is required");
        }
        Allowed allowed = parameter.getParameterAnnotation(Allowed.class);
        if (allowed != null && Arrays.stream(allowed.value()).noneMatch(actor::is)) {
          throw new OrderlyException(ErrorCode.FORBIDDEN,
              "role " + actor.role() + " may not do this; allowed: " + Arrays.toString(allowed.value()));
        }
        return actor;
      }
    });
  }
}
