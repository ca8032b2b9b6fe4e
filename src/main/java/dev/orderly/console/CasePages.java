package dev.orderly.console;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.common.Cursor;
import dev.orderly.common.Page;
import dev.orderly.supportcase.CaseTopic;
import dev.orderly.supportcase.SupportCase;
import dev.orderly.supportcase.SupportCases;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Support cases in the console: a buyer or seller opens one from an order and follows it; support
 * answers with public replies or internal notes, takes it and solves it; the opener may reopen a
 * solved case. What each viewer reads is what {@link SupportCases} gives it: internal notes reach
 * support only.
 */
@Controller
@Hidden // a page for people, not an operation of the API document
class CasePages {

  private static final int MAX_BODY = SupportCase.MAX_BODY;

  private final SupportCases cases;
  private final ConsoleTexts texts;

  CasePages(SupportCases cases, ConsoleTexts texts) {
    this.cases = cases;
    this.texts = texts;
  }

  /** The viewer's cases: a buyer's or seller's newest first; support's by first response due. */
  @GetMapping("/console/cases")
  String list(Actor actor, @RequestParam(required = false) @Nullable Cursor cursor, Model model) {
    Page<SupportCase> page = cases.list(actor, null, null, cursor, 50);
    model.addAttribute("cases", page.items());
    model.addAttribute("next", page.next() == null ? null : page.next().token());
    return "console/cases";
  }

  @GetMapping("/console/cases/{id}")
  String show(Actor actor, @PathVariable UUID id, Model model) {
    SupportCases.Details details = cases.get(actor, id);
    model.addAttribute("c", details.supportCase());
    model.addAttribute("messages", details.messages());
    model.addAttribute("timeline", details.timeline());
    return "console/case";
  }

  @PostMapping("/console/orders/{orderId}/cases")
  String open(Actor actor, @PathVariable UUID orderId, @RequestParam CaseTopic topic, @RequestParam String message,
      RedirectAttributes flash) {
    SupportCases.Details d = cases.open(actor, orderId, topic, ConsoleTexts.required("message", message, MAX_BODY));
    return texts.done("/console/cases/" + d.supportCase().id(), flash, "flash.case-opened");
  }

  /** A reply; support may make it an internal note ({@code internal=true}), which only support reads. */
  @PostMapping("/console/cases/{id}/messages")
  String write(Actor actor, @PathVariable UUID id, @RequestParam String body,
      @RequestParam(defaultValue = "false") boolean internal, RedirectAttributes flash) {
    cases.write(actor, id, ConsoleTexts.required("body", body, MAX_BODY), internal);
    return texts.done("/console/cases/" + id, flash, internal ? "flash.noted" : "flash.replied");
  }

  @PostMapping("/console/cases/{id}/assign")
  String assign(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id, RedirectAttributes flash) {
    cases.assignToSelf(support, id);
    return texts.done("/console/cases/" + id, flash, "flash.assigned");
  }

  @PostMapping("/console/cases/{id}/solve")
  String solve(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id, @RequestParam String note,
      RedirectAttributes flash) {
    cases.solve(support, id, ConsoleTexts.required("note", note, MAX_BODY));
    return texts.done("/console/cases/" + id, flash, "flash.solved");
  }

  @PostMapping("/console/cases/{id}/reopen")
  String reopen(Actor actor, @PathVariable UUID id, @RequestParam String body, RedirectAttributes flash) {
    cases.reopen(actor, id, ConsoleTexts.required("body", body, MAX_BODY));
    return texts.done("/console/cases/" + id, flash, "flash.reopened");
  }

}
