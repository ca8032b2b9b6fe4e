package dev.orderly.supportcase.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.common.Cursor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import dev.orderly.common.PageLimit;
import dev.orderly.common.Paged;
import dev.orderly.common.Refusals;
import dev.orderly.order.Timeline;
import dev.orderly.supportcase.CaseMessage;
import dev.orderly.supportcase.CaseStatus;
import dev.orderly.supportcase.CaseTopic;
import dev.orderly.supportcase.SupportCase;
import dev.orderly.supportcase.SupportCases;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Support cases", description = "A buyer or seller opens a case on an order; support answers (public replies and "
    + "internal notes), acts from the case and solves it. Statuses OPEN → PENDING → SOLVED → CLOSED, reopen while solved.")
@RestController
class CaseController {

  private final SupportCases cases;
  private final Clock clock;

  CaseController(SupportCases cases, Clock clock) {
    this.cases = cases;
    this.clock = clock;
  }

  record OpenCase(@NotNull CaseTopic topic, @NotBlank @Size(max = SupportCase.MAX_BODY) String message) {}

  /** {@code internal}: an internal note, support only; false when left out. */
  record NewMessage(@NotBlank @Size(max = SupportCase.MAX_BODY) String body, @Nullable Boolean internal) {}

  record Solution(@NotBlank @Size(max = SupportCase.MAX_BODY) String note) {}

  record Reopening(@NotBlank @Size(max = SupportCase.MAX_BODY) String body) {}

  /** One message of a case. {@code action}: the support action it records (then internal, the body its note). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "CaseMessage")
  record MessageView(UUID id, String author, Role role, String body, boolean internal, @Nullable String action,
      Instant at) {
    static MessageView of(CaseMessage m) {
      return new MessageView(m.id(), m.author(), m.role(), m.body(), m.internal(), m.action(), m.at());
    }
  }

  /**
   * A support case. {@code overdue}: its first response is, or was, later than {@code firstResponseDue}
   * (never for a case answered in time). {@code reopenUntil}: while solved, until when the opener may
   * reopen it (then it closes). {@code messages} and {@code timeline} (the order's, oldest first) are
   * in the answers about one case, not in lists.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "SupportCase")
  record CaseView(UUID id, String number, UUID orderId, String orderNumber, CaseTopic topic, CaseStatus status,
      UUID openedBy, Role openerRole, @Nullable UUID assignee, @Nullable String assigneeName, Instant createdAt,
      Instant firstResponseDue, @Nullable Instant firstRespondedAt, boolean overdue, @Nullable Instant solvedAt,
      @Nullable Instant reopenUntil, @Nullable Instant closedAt, @Nullable List<MessageView> messages,
      @Nullable List<Timeline.Event> timeline) {

    static CaseView of(SupportCase c, Instant now, @Nullable List<CaseMessage> messages,
        @Nullable List<Timeline.Event> timeline) {
      return new CaseView(c.id(), c.number(), c.orderId(), c.orderNumber(), c.topic(), c.status(), c.openedBy(),
          c.openerRole(), c.assignee(), c.assigneeName(), c.createdAt(), c.firstResponseDue(), c.firstRespondedAt(),
          c.overdue(now), c.solvedAt(), c.closeAt(), c.closedAt(),
          messages == null ? null : messages.stream().map(MessageView::of).toList(), timeline);
    }
  }

  @Operation(operationId = "openCase", summary = "Open a support case on an order",
      description = "The order's buyer or seller opens a case with a topic and a first message; the case carries the "
          + "order's timeline. Its first response is due orderly.support.first-response-within (default PT24H) later. "
          + "While a case the caller opened on the order is not closed, a new one is refused (write there instead).")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.CASE_ALREADY_OPEN})
  @PostMapping("/api/v1/orders/{orderId}/cases")
  @ResponseStatus(HttpStatus.CREATED)
  CaseView open(@Allowed({Role.BUYER, Role.SELLER}) Actor actor, @PathVariable UUID orderId,
      @Valid @RequestBody OpenCase body) {
    return view(cases.open(actor, orderId, body.topic(), body.message()));
  }

  @Operation(operationId = "listOrderCases", summary = "List an order's support cases",
      description = "The cases of an order the caller may see, oldest first, without their messages. Paged like every list.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND})
  @GetMapping("/api/v1/orders/{orderId}/cases")
  ResponseEntity<List<CaseView>> ofOrder(Actor actor, @PathVariable UUID orderId,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    Instant now = clock.instant();
    return Paged.answer(Page.slice(cases.ofOrder(actor, orderId), limit, cursor, c -> new Cursor(c.createdAt(), c.id()),
        Keyset.Direction.OLDEST_FIRST).map(c -> CaseView.of(c, now, null, null)));
  }

  @Operation(operationId = "getCase", summary = "Read a support case",
      description = "A case the caller may see (its order's buyer and seller, support), with its messages — internal "
          + "notes for support only — and the order's timeline as member timeline.")
  @Refusals({ErrorCode.CASE_NOT_FOUND})
  @GetMapping("/api/v1/cases/{id}")
  CaseView get(Actor actor, @PathVariable UUID id) {
    return view(cases.get(actor, id));
  }

  @Operation(operationId = "listCases", summary = "List support cases",
      description = "A buyer's or seller's own cases, newest first; support's: every case, ordered by firstResponseDue "
          + "(earliest first) with overdue marked. Optionally of one status and topic; without messages. Paged like "
          + "every list: limit, cursor, and the next page in the Link header (rel=\"next\").")
  @GetMapping("/api/v1/cases")
  ResponseEntity<List<CaseView>> list(Actor actor, @RequestParam(required = false) @Nullable CaseStatus status,
      @RequestParam(required = false) @Nullable CaseTopic topic,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    Instant now = clock.instant();
    return Paged.answer(cases.list(actor, status, topic, cursor, limit).map(c -> CaseView.of(c, now, null, null)));
  }

  @Operation(operationId = "writeCaseMessage", summary = "Write on a support case",
      description = "A public reply from the order's buyer or seller (the case then waits on support: OPEN) or from "
          + "support (it then waits on the customer: PENDING), or support's internal note (internal: true; never shown "
          + "to the buyer or the seller, status unchanged). The opener hears of others' public replies (CASE_UPDATED). "
          + "A solved case is reopened by its opener, not answered publicly; a closed case takes no messages.")
  @Refusals({ErrorCode.CASE_NOT_FOUND, ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/cases/{id}/messages")
  CaseView write(@Allowed({Role.BUYER, Role.SELLER, Role.SUPPORT}) Actor actor, @PathVariable UUID id,
      @Valid @RequestBody NewMessage body) {
    return view(cases.write(actor, id, body.body(), Boolean.TRUE.equals(body.internal())));
  }

  @Operation(operationId = "assignCase", summary = "Take a support case",
      description = "The calling support agent becomes the case's assignee (also taking it from another agent).")
  @Refusals({ErrorCode.CASE_NOT_FOUND, ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/cases/{id}/assign")
  CaseView assign(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id) {
    return view(cases.assignToSelf(support, id));
  }

  @Operation(operationId = "solveCase", summary = "Solve a support case",
      description = "Support solves an open or pending case with a resolution note, sent to the customer as a public "
          + "message. The opener may reopen it until reopenUntil (orderly.support.reopen-within, default P7D); then it "
          + "closes for good.")
  @Refusals({ErrorCode.CASE_NOT_FOUND, ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/cases/{id}/solve")
  CaseView solve(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id, @Valid @RequestBody Solution body) {
    return view(cases.solve(support, id, body.note()));
  }

  @Operation(operationId = "reopenCase", summary = "Reopen a solved support case",
      description = "The case's opener reopens it with a message before reopenUntil; it waits on support again (OPEN).")
  @Refusals({ErrorCode.CASE_NOT_FOUND, ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/cases/{id}/reopen")
  CaseView reopen(@Allowed({Role.BUYER, Role.SELLER}) Actor opener, @PathVariable UUID id,
      @Valid @RequestBody Reopening body) {
    return view(cases.reopen(opener, id, body.body()));
  }

  private CaseView view(SupportCases.Details d) {
    return CaseView.of(d.supportCase(), clock.instant(), d.messages(), d.timeline());
  }
}
