package dev.orderly.console;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import java.util.Map;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The operator dashboard (the admin's start; support may read it too): tiles and charts that the
 * page's script refreshes every second from {@code /console/dashboard/data}. Without JavaScript the
 * page shows the numbers as they were when it was served.
 */
@Controller
@Hidden // a page for people, not an operation of the API document
class DashboardPage {

  private final DashboardMetrics metrics;

  DashboardPage(DashboardMetrics metrics) {
    this.metrics = metrics;
  }

  @GetMapping("/console/dashboard")
  String page(@Allowed({Role.ADMIN, Role.SUPPORT}) Actor actor, org.springframework.ui.Model model) {
    model.addAttribute("m", metrics.now());
    return "console/dashboard";
  }

  @GetMapping("/console/dashboard/data")
  @ResponseBody
  Map<String, Object> data(@Allowed({Role.ADMIN, Role.SUPPORT}) Actor actor) {
    return metrics.now();
  }
}
