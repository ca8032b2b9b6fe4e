package dev.orderly.order;

import dev.orderly.common.Jdbc;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * An order's timeline: every transition, payment step and action with time and actor, written in
 * the same transaction as the change it records. It is the evidence support reads in a dispute.
 */
@Component
public class Timeline {

  /** One entry of a timeline; {@code detail} holds what the event is about (ids, amounts, codes, notes). */
  public record Event(Instant at, String type, String actor,
      @Schema(type = "object",
          additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
      Map<String, Object> detail) {}

  public record Entry(UUID orderId, Instant at, TimelineEventType type, String actor, Map<String, Object> detail) {}

  private static final TypeReference<LinkedHashMap<String, Object>> DETAIL = new TypeReference<>() {};
  private static final String INSERT =
      "INSERT INTO order_events (order_id, occurred_at, type, actor, detail) VALUES (?, ?, ?, ?, ?)";

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final ObjectMapper json;

  Timeline(JdbcClient jdbc, JdbcTemplate template, ObjectMapper json) {
    this.jdbc = jdbc;
    this.template = template;
    this.json = json;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void record(UUID orderId, Instant at, TimelineEventType type, String actor, Map<String, Object> detail) {
    jdbc.sql(INSERT).params(orderId, Jdbc.ts(at), type.name(), actor, json.writeValueAsString(detail)).update();
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void recordAll(List<Entry> entries) {
    List<Object[]> args = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      args.add(new Object[] {e.orderId(), Jdbc.ts(e.at()), e.type().name(), e.actor(), json.writeValueAsString(e.detail())});
    }
    template.batchUpdate(INSERT, args);
  }

  public List<Event> of(UUID orderId) {
    return jdbc.sql("SELECT occurred_at, type, actor, detail FROM order_events WHERE order_id = ? ORDER BY occurred_at, id")
        .param(orderId)
        .query((rs, n) -> new Event(Jdbc.instant(rs, "occurred_at"), rs.getString("type"), rs.getString("actor"),
            json.readValue(rs.getString("detail"), DETAIL)))
        .list();
  }
}
