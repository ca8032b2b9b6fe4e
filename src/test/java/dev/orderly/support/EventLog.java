package dev.orderly.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Test-only: records every event Orderly's modules publish, from any thread, so HTTP tests can
 * check what was emitted for the notification relay. Only when the tests switch it on
 * (orderly.test.event-log): applications the tests start for themselves do not pay for it.
 */
@Component
@ConditionalOnProperty(name = "orderly.test.event-log", havingValue = "true")
public class EventLog {
  private static final List<Object> EVENTS = new CopyOnWriteArrayList<>();

  @EventListener
  void on(Object event) {
    if (event.getClass().getName().startsWith("dev.orderly.") && event.getClass().isRecord()) {
      EVENTS.add(event);
    }
  }

  public static <T> List<T> of(Class<T> type) {
    return EVENTS.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
