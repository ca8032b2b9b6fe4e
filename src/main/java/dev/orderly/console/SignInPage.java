package dev.orderly.console;

import dev.orderly.access.Actor;
import dev.orderly.access.Role;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.demo.DemoPrincipals;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The way in: {@code /} and {@code /sign-in} show the sign-in form (a token, or one click on a demo
 * principal in demo mode) with where the API documentation, health and metrics are; a signed-in
 * viewer is sent on to its own start ({@code /console}: a buyer's orders, a seller's queue, support's
 * desk, the operator's dashboard). Signing in and out are Spring Security's ({@code POST /sign-in},
 * {@code POST /sign-out}).
 */
@Controller
@Hidden // a page for people, not an operation of the API document
class SignInPage {

  /** A sign-in through an identity provider: {@code /oauth2/authorization/<id>}, shown as {@code name}. */
  record Provider(String id, String name) {}

  private final ObjectProvider<DemoPrincipals> demo;
  private final List<Provider> providers;

  SignInPage(ObjectProvider<DemoPrincipals> demo, ObjectProvider<ClientRegistrationRepository> registrations,
      Environment environment) {
    this.demo = demo;
    List<Provider> found = new ArrayList<>();
    // only where access takes them (orderly.access.mode=oidc; see AccessSecurityConfig#consoleSecurity)
    if ("oidc".equals(environment.getProperty("orderly.access.mode"))
        && registrations.getIfAvailable() instanceof Iterable<?> all) {
      for (Object r : all) {
        ClientRegistration c = (ClientRegistration) r;
        found.add(new Provider(c.getRegistrationId(), c.getClientName()));
      }
    }
    this.providers = List.copyOf(found);
  }

  @GetMapping({"/", "/sign-in"})
  String signIn(HttpServletRequest request, Model model) {
    if (ConsoleModel.actor(request) != null) {
      return "redirect:/console";
    }
    DemoPrincipals principals = demo.getIfAvailable();
    model.addAttribute("demoMode", principals != null);
    model.addAttribute("demoPrincipals", principals == null ? List.of() : principals.principals());
    model.addAttribute("failed", request.getParameter("error") != null);
    model.addAttribute("noRole", "role".equals(request.getParameter("error")));
    model.addAttribute("providers", providers);
    model.addAttribute("signedOut", request.getParameter("signedOut") != null);
    return "console/sign-in";
  }

  /** Each role's start. */
  @GetMapping("/console")
  String home(Actor actor) {
    return "redirect:" + start(actor.role());
  }

  static String start(Role role) {
    return switch (role) {
      case BUYER -> "/console/orders";
      case SELLER -> "/console/seller";
      case SUPPORT -> "/console/support";
      case ADMIN -> "/console/dashboard";
    };
  }

  /** A console request Spring Security refused (a form without its CSRF token, a page of another role). */
  @RequestMapping("/console/refused")
  String refused(HttpServletRequest request, Model model) {
    @Nullable Object why = request.getAttribute("orderly.refusal");
    model.addAttribute("why", why == null ? "role" : why);
    // the language links lead to the start, not to this explanation without its reason
    model.addAttribute("path", "/");
    return "console/refused";
  }

  /** A console address that leads nowhere: a page, not the API's problem document. */
  @RequestMapping("/console/**")
  String nowhere(Actor actor) {
    throw new OrderlyException(ErrorCode.NOT_FOUND, "no such page");
  }
}
