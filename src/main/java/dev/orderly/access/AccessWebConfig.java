package dev.orderly.access;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A controller method's {@link Actor} parameter: the actor Spring Security authenticated for this
 * request, after the roles its {@link Allowed} names are checked with a Spring Security
 * {@link AuthorizationManager}. The check happens as the parameter is resolved, and the actor is
 * each operation's first parameter, so a caller in the wrong role gets {@code 403 FORBIDDEN} before
 * its body is read or its path variables are parsed, as before the move to Spring Security.
 */
@Configuration(proxyBeanMethods = false)
class AccessWebConfig implements WebMvcConfigurer {

  /** Whether the authentication holds one of the roles of the parameter's {@link Allowed}. */
  static final AuthorizationManager<MethodParameter> ALLOWED = (authentication, parameter) -> {
    String[] roles = Arrays.stream(parameter.getParameterAnnotation(Allowed.class).value()).map(Role::name)
        .toArray(String[]::new);
    return AuthorityAuthorizationManager.<MethodParameter>hasAnyRole(roles).authorize(authentication, parameter);
  };

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
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Actor actor = CurrentActor.of(authentication).orElseThrow(() ->
            new OrderlyException(ErrorCode.UNAUTHENTICATED, AccessSecurityConfig.UNAUTHENTICATED_REASON));
        Allowed allowed = parameter.getParameterAnnotation(Allowed.class);
        if (allowed != null) {
          AuthorizationResult result = ALLOWED.authorize(() -> authentication, parameter);
          if (result == null || !result.isGranted()) {
            throw new OrderlyException(ErrorCode.FORBIDDEN,
                "role " + actor.role() + " may not do this; allowed: " + Arrays.toString(allowed.value()));
          }
        }
        return actor;
      }
    });
  }
}
