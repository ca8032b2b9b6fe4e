package dev.orderly.supportcase.internal;

import dev.orderly.access.Role;
import dev.orderly.common.Cursor;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import dev.orderly.order.ListScope;
import dev.orderly.supportcase.CaseMessage;
import dev.orderly.supportcase.CaseStatus;
import dev.orderly.supportcase.CaseTopic;
import dev.orderly.supportcase.SupportCase;
import dev.orderly.timer.DueRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code support_cases} and their {@code case_messages}. */
@Repository
public class CaseRepository {

  private static final String SOLVED = "status = 'SOLVED'";

  private final JdbcClient jdbc;

  CaseRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new case; its first-response breach notice is due when its first response is. */
  public void insert(SupportCase c) {
    jdbc.sql("""
            INSERT INTO support_cases (id, number, order_id, order_number, buyer_id, seller_id, topic, opened_by,
              opener_role, status, created_at, first_response_due, breach_check_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(c.id(), c.number(), c.orderId(), c.orderNumber(), c.buyerId(), c.sellerId(), c.topic().name(),
            c.openedBy(), c.openerRole().name(), c.status().name(), Jdbc.ts(c.createdAt()),
            Jdbc.ts(c.firstResponseDue()), Jdbc.ts(c.firstResponseDue()), Jdbc.ts(c.updatedAt()))
        .update();
  }

  /**
   * Everything a step may change, only if the case is still in status {@code from} (callers hold
   * the row lock). Once the first response is there, the breach notice is no longer due.
   */
  public void update(SupportCase c, CaseStatus from) {
    int updated = jdbc.sql("""
            UPDATE support_cases SET status = ?, assignee_id = ?, assignee_name = ?, first_responded_at = ?,
              breach_check_at = CASE WHEN ? THEN NULL ELSE breach_check_at END, solved_at = ?, close_at = ?,
              closed_at = ?, updated_at = ?
            WHERE id = ? AND status = ?""")
        .params(c.status().name(), c.assignee(), c.assigneeName(), Jdbc.ts(c.firstRespondedAt()),
            c.firstRespondedAt() != null || c.status() == CaseStatus.CLOSED, Jdbc.ts(c.solvedAt()), Jdbc.ts(c.closeAt()),
            Jdbc.ts(c.closedAt()), Jdbc.ts(c.updatedAt()), c.id(), from.name())
        .update();
    if (updated != 1) {
      throw new IllegalStateException("case " + c.id() + " is no longer " + from + ": changed without its row lock");
    }
  }

  public Optional<SupportCase> find(UUID id) {
    return jdbc.sql("SELECT * FROM support_cases WHERE id = ?").param(id).query(CaseRepository::map).optional();
  }

  /** The case, its row locked until the transaction ends: steps on one case queue up. */
  public Optional<SupportCase> lock(UUID id) {
    return jdbc.sql("SELECT * FROM support_cases WHERE id = ? FOR UPDATE").param(id).query(CaseRepository::map)
        .optional();
  }

  /** How many cases the order has had: the next case's sequence number on it is one more. */
  /** Cases waiting for support or for the customer (OPEN, PENDING): read off the status-list index. */
  public long countUnsolved() {
    return jdbc.sql("SELECT COUNT(*) FROM support_cases WHERE list_status IN ('OPEN', 'PENDING')").query(Long.class)
        .single();
  }

  public int countOnOrder(UUID orderId) {
    return jdbc.sql("SELECT COUNT(*) FROM support_cases WHERE order_id = ?").param(orderId).query(Integer.class)
        .single();
  }

  /** A case the principal opened on the order that is not closed yet (open, pending or solved), if any. */
  public Optional<SupportCase> unclosedOpenedBy(UUID orderId, UUID opener) {
    return jdbc.sql("""
            SELECT * FROM support_cases WHERE order_id = ? AND opened_by = ? AND status <> 'CLOSED'
            ORDER BY created_at DESC, id DESC LIMIT 1""")
        .params(orderId, opener).query(CaseRepository::map).optional();
  }

  /** The order's cases, oldest first. */
  public List<SupportCase> ofOrder(UUID orderId) {
    return jdbc.sql("SELECT * FROM support_cases WHERE order_id = ? ORDER BY created_at, id").param(orderId)
        .query(CaseRepository::map).list();
  }

  /**
   * One page of the cases in scope, optionally of one status and topic, after {@code after}: a
   * buyer's or a seller's newest first (indexes {@code support_cases_buyer}, {@code _seller}),
   * support's by first response due, earliest first ({@code support_cases_due}, {@code _status_due} on
   * {@code list_status}).
   */
  public Page<SupportCase> list(ListScope scope, @Nullable CaseStatus status, @Nullable CaseTopic topic,
      @Nullable Cursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM support_cases WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    scope.restrict(sql, params);
    if (status != null) {
      // support's list by status has an index of its own, on a copy of the status (V15_1)
      sql.append(scope.kind() == ListScope.Kind.EVERYTHING ? " AND list_status = ?" : " AND status = ?");
      params.add(status.name());
    }
    if (topic != null) {
      sql.append(" AND topic = ?");
      params.add(topic.name());
    }
    boolean queue = scope.kind() == ListScope.Kind.EVERYTHING;
    Keyset.page(sql, params, queue ? "first_response_due" : "created_at", "id",
        queue ? Keyset.Direction.OLDEST_FIRST : Keyset.Direction.NEWEST_FIRST, after, limit);
    return Page.of(jdbc.sql(sql.toString()).params(params).query(CaseRepository::map).list(), limit,
        c -> new Cursor(queue ? c.firstResponseDue() : c.createdAt(), c.id()));
  }

  /**
   * Up to {@code limit} solved cases whose reopen window ended by {@code now}, earliest first, their
   * rows locked ({@code FOR UPDATE SKIP LOCKED}, {@link DueRows#lock}: an instance never takes a case
   * another holds).
   */
  public List<SupportCase> lockDueToClose(Instant now, int limit) {
    return findAll(DueRows.lock(jdbc, "support_cases", "close_at", SOLVED, now, limit));
  }

  /** The earliest end of a reopen window among solved cases: the close timer's next due time. */
  public Optional<Instant> nextClose() {
    return DueRows.next(jdbc, "support_cases", "close_at", SOLVED);
  }

  /** The cases of these ids that exist, in no particular order. */
  public List<SupportCase> findAll(List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT * FROM support_cases WHERE id IN (" + Jdbc.placeholders(ids) + ")")
        .params(List.<Object>copyOf(ids)).query(CaseRepository::map).list();
  }

  public void insertMessage(UUID caseId, CaseMessage m) {
    jdbc.sql("""
            INSERT INTO case_messages (id, case_id, author, author_id, role, body, internal, action, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(m.id(), caseId, m.author(), m.authorId(), m.role().name(), m.body(), m.internal(), m.action(),
            Jdbc.ts(m.at()))
        .update();
  }

  /** A case's messages, oldest first; without internal ones unless {@code withInternal}. */
  public List<CaseMessage> messages(UUID caseId, boolean withInternal) {
    return jdbc.sql("SELECT * FROM case_messages WHERE case_id = ?" + (withInternal ? "" : " AND internal = FALSE")
            + " ORDER BY created_at, id")
        .param(caseId)
        .query((rs, n) -> new CaseMessage(rs.getObject("id", UUID.class), rs.getString("author"),
            rs.getObject("author_id", UUID.class), Role.valueOf(rs.getString("role")), rs.getString("body"),
            rs.getBoolean("internal"), rs.getString("action"), Jdbc.instant(rs, "created_at")))
        .list();
  }

  private static SupportCase map(ResultSet rs, int n) throws SQLException {
    return SupportCase.restore(rs.getObject("id", UUID.class), rs.getString("number"),
        rs.getObject("order_id", UUID.class), rs.getString("order_number"), rs.getObject("buyer_id", UUID.class),
        rs.getObject("seller_id", UUID.class), CaseTopic.valueOf(rs.getString("topic")),
        rs.getObject("opened_by", UUID.class), Role.valueOf(rs.getString("opener_role")),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "first_response_due"),
        CaseStatus.valueOf(rs.getString("status")), rs.getObject("assignee_id", UUID.class),
        rs.getString("assignee_name"), Jdbc.instant(rs, "first_responded_at"), Jdbc.instant(rs, "solved_at"),
        Jdbc.instant(rs, "close_at"), Jdbc.instant(rs, "closed_at"), Jdbc.instant(rs, "updated_at"));
  }
}
