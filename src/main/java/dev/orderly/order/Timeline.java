package dev.orderly.order;

import dev.orderly.order.internal.TimelineRepository;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * An order's timeline: every transition, payment step and action with time and actor, written in
 * the same transaction as the change it records (writing refuses to run outside one). It is the
 * evidence support reads in a dispute. Every module writes to it; the order module owns it.
 */
@Component
public class Timeline {

  /**
   * One entry of a timeline: when, what ({@code type}), who ({@code buyer:<id>}, {@code system:<name>},
   * …) and {@code detail}: what the event is about (ids, amounts as text, codes, notes).
   */
  public record Event(Instant at, TimelineEventType type, String actor,
      @Schema(type = "object",
          additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
      Map<String, Object> detail) {}

  /** An entry to write for an order, for {@link #recordAll}. */
  public record Entry(UUID orderId, Instant at, TimelineEventType type, String actor, Map<String, Object> detail) {}

  private static final TypeReference<LinkedHashMap<String, Object>> DETAIL = new TypeReference<>() {};

  private final TimelineRepository entries;
  private final ObjectMapper json;

  Timeline(TimelineRepository entries, ObjectMapper json) {
    this.entries = entries;
    this.json = json;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void record(UUID orderId, Instant at, TimelineEventType type, String actor, Map<String, Object> detail) {
    entries.insert(row(new Entry(orderId, at, type, actor, detail)));
  }

  /** Many entries in one round trip (the deadline sweep's batch). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordAll(List<Entry> batch) {
    List<TimelineRepository.Row> rows = new ArrayList<>(batch.size());
    batch.forEach(e -> rows.add(row(e)));
    entries.insertAll(rows);
  }

  /** The order's timeline, oldest first; no access check (callers check who may see the order). */
  public List<Event> of(UUID orderId) {
    return entries.of(orderId).stream()
        .map(r -> new Event(r.at(), TimelineEventType.valueOf(r.type()), r.actor(), json.readValue(r.detail(), DETAIL)))
        .toList();
  }

  private TimelineRepository.Row row(Entry e) {
    return new TimelineRepository.Row(e.orderId(), e.at(), e.type().name(), e.actor(), json.writeValueAsString(e.detail()));
  }
}
