package dev.orderly.bench;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes many orders straight into PostgreSQL with {@code INSERT … SELECT … FROM generate_series},
 * for sizes that placing one by one would take too long to prepare (about 1,500 orders/s): the
 * rows placement would write, in every table it touches, with the indexes in place.
 *
 * <p>Each order has one line of one unit, its buyer and product picked from the fixture as
 * BenchApp#place picks them (buyer {@code k % B}, product {@code (k / B + k) % P}), the seller policy
 * snapshot from {@code seller_policies}, a {@code ORDER_PLACED} timeline row with placement's detail
 * (number, total, payment deadline) and actor {@code buyer:<id>}, and a random UUID as id (as
 * placement uses). Order numbers have the application's shape ({@code yyMMdd-} and 8 characters) but
 * start with {@code U} (unpaid) or {@code V} (history), a letter the application's Crockford numbers
 * never use, so they cannot collide with placed ones. One statement per batch (data-modifying CTEs:
 * orders, order_items, order_events and the stock columns together, checked by the foreign keys at
 * the end of the statement). PostgreSQL only.
 */
final class BulkOrders {
  private BulkOrders() {}

  /** Numbers already handed out in this process, so later loads do not reuse any. */
  private static long nextK;

  /** The fixture as uuid[] literals and sizes, and the columns of g every load selects. */
  private static final String PICK = """
      b AS (SELECT id, ord - 1 AS i FROM unnest(?::uuid[]) WITH ORDINALITY AS t(id, ord)),
      p AS (SELECT x.id, x.ord - 1 AS i, pr.price_amount, pr.currency, pr.digital
            FROM unnest(?::uuid[]) WITH ORDINALITY AS x(id, ord) JOIN products pr ON pr.id = x.id),
      sp AS (SELECT * FROM seller_policies WHERE seller_id = ?),
      """;

  private static final String POLICY_COLUMNS = "policy_payment_window_ms, policy_free_cancel_window_ms, "
      + "policy_cancellation_window_ms, policy_seller_response_window_ms, policy_auto_complete_window_ms, "
      + "policy_cancellation_fee_percent, policy_digital_cancellable, policy_payment_reminder_before_ms";
  private static final String POLICY_VALUES = "sp.payment_window_ms, sp.free_cancel_window_ms, sp.cancellation_window_ms, "
      + "sp.seller_response_window_ms, sp.auto_complete_window_ms, sp.cancellation_fee_percent, sp.digital_cancellable, "
      + "sp.payment_reminder_before_ms";

  /** The ORDER_PLACED row as placement writes it (Instant.toString of the deadline, Money.toString of the total). */
  private static final String PLACED_EVENT = """
      e AS (INSERT INTO order_events (order_id, occurred_at, type, actor, detail)
            SELECT g.id, g.placed_at, 'ORDER_PLACED', 'buyer:' || g.buyer,
              '{"number":"' || g.number || '","total":"' || round(g.price_amount, 2)::text || ' ' || g.currency
              || '","paymentDeadline":"' || to_char(g.deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}'
            FROM g),
      i AS (INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_amount)
            SELECT g.id, 1, g.product, 1, g.price_amount FROM g)
      """;

  /**
   * {@code n} orders awaiting payment, placed now (one-hour window from the seller's policy, reminder
   * as placement sets it), their units reserved. The caller moves their deadlines as it does for
   * placed orders.
   */
  static void unpaid(JdbcTemplate jdbc, UUID seller, List<UUID> buyers, List<UUID> products, int n, int batch) {
    for (long from = 0; from < n; from += batch) {
      long k0 = take(Math.min(batch, n - from));
      long k1 = k0 + Math.min(batch, n - from) - 1;
      jdbc.update("WITH " + PICK + """
              g AS MATERIALIZED (
                SELECT t.k, gen_random_uuid() AS id, b.id AS buyer, p.id AS product, p.price_amount, p.currency, p.digital,
                  t.placed_at, t.placed_at + sp.payment_window_ms * interval '1 millisecond' AS deadline,
                  to_char(t.placed_at AT TIME ZONE 'UTC', 'YYMMDD') || '-U' || lpad(upper(to_hex(t.k)), 7, '0') AS number,
                  sp.payment_reminder_before_ms
                FROM (SELECT k, date_trunc('milliseconds', clock_timestamp()) AS placed_at
                      FROM generate_series(?::bigint, ?::bigint) k) t
                  JOIN b ON b.i = t.k % ? JOIN p ON p.i = (t.k / ? + t.k) % ? CROSS JOIN sp),
              o AS (INSERT INTO orders (id, number, buyer_id, seller_id, status, total_amount, currency, digital, placed_at,
                      payment_deadline, payment_reminder_at, payment_pending, """ + POLICY_COLUMNS + """
                    )
                    SELECT g.id, g.number, g.buyer, sp.seller_id, 'AWAITING_PAYMENT', g.price_amount, g.currency, g.digital,
                      g.placed_at, g.deadline,
                      greatest(g.placed_at, g.deadline - g.payment_reminder_before_ms * interval '1 millisecond'), false,
                      """ + POLICY_VALUES + """
                    FROM g CROSS JOIN sp),
              """ + PLACED_EVENT + """
              UPDATE products pr SET available = pr.available - c.n, reserved = pr.reserved + c.n
              FROM (SELECT product, count(*) AS n FROM g GROUP BY product) c WHERE pr.id = c.product""",
          array(buyers), array(products), seller, k0, k1, buyers.size(), buyers.size(), products.size());
    }
  }

  /**
   * {@code n} finished orders of the past: 4 in 5 COMPLETED (paid, shipped, delivered, completed; their
   * units sold), 1 in 5 CANCELLED (half for non-payment at the deadline, half by the buyer; nothing
   * reserved), placed evenly over the year that ended 31 days ago, in time order (as a live table
   * grows), written in batches of {@code batch}. Old enough that no timer picks them up and that the
   * buyers' 30-day restriction window does not see them: the bench buyers would otherwise have tens
   * of thousands of recent expiries each, which no real buyer has.
   */
  static void history(JdbcTemplate jdbc, UUID seller, List<UUID> buyers, List<UUID> products, long n, int batch) {
    // one timestamp for all batches: placed_at = start + k * step, increasing with k
    java.time.Instant now = java.time.Instant.now();
    java.time.OffsetDateTime start = now.minus(java.time.Duration.ofDays(31 + 365)).atOffset(java.time.ZoneOffset.UTC);
    double stepMs = 365 * 86_400_000.0 / Math.max(1, n);
    long base = take(n);
    for (long from = 0; from < n; from += batch) {
      long k0 = base + from;
      long k1 = base + Math.min(n, from + batch) - 1;
      jdbc.update("WITH " + PICK + """
              g AS MATERIALIZED (
                SELECT k, gen_random_uuid() AS id, b.id AS buyer, p.id AS product, p.price_amount, p.currency, p.digital,
                  t.placed_at, t.placed_at + sp.payment_window_ms * interval '1 millisecond' AS deadline,
                  to_char(t.placed_at AT TIME ZONE 'UTC', 'YYMMDD') || '-V' || lpad(upper(to_hex(k)), 7, '0') AS number,
                  k % 5 <> 0 AS completed, k % 10 = 0 AS timed_out
                FROM generate_series(?::bigint, ?::bigint) k
                  CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', ?::timestamptz + (k - ?) * ? * interval '1 millisecond')
                    AS placed_at) t
                  JOIN b ON b.i = k % ? JOIN p ON p.i = (k / ? + k) % ? CROSS JOIN sp),
              o AS (INSERT INTO orders (id, number, buyer_id, seller_id, status, cancel_reason, total_amount, currency,
                      digital, placed_at, payment_deadline, paid_at, processing_at, shipped_at, delivered_at, completed_at,
                      cancelled_at, carrier, tracking_number, payment_pending, """ + POLICY_COLUMNS + """
                    )
                    SELECT g.id, g.number, g.buyer, sp.seller_id,
                      CASE WHEN g.completed THEN 'COMPLETED' ELSE 'CANCELLED' END,
                      CASE WHEN g.completed THEN NULL WHEN g.timed_out THEN 'PAYMENT_TIMEOUT' ELSE 'BUYER_CANCELLED' END,
                      g.price_amount, g.currency, g.digital, g.placed_at, g.deadline,
                      CASE WHEN g.completed THEN g.placed_at + interval '10 minutes' END,
                      CASE WHEN g.completed THEN g.placed_at + interval '2 hours' END,
                      CASE WHEN g.completed THEN g.placed_at + interval '1 day' END,
                      CASE WHEN g.completed THEN g.placed_at + interval '3 days' END,
                      CASE WHEN g.completed THEN g.placed_at + interval '10 days' END,
                      CASE WHEN g.completed THEN NULL WHEN g.timed_out THEN g.deadline ELSE g.placed_at + interval '5 minutes' END,
                      CASE WHEN g.completed THEN 'Bench Parcel' END,
                      CASE WHEN g.completed THEN 'BP' || g.k END,
                      false, """ + POLICY_VALUES + """
                    FROM g CROSS JOIN sp),
              """ + PLACED_EVENT + """
              UPDATE products pr SET available = pr.available - c.n, sold = pr.sold + c.n
              FROM (SELECT product, count(*) AS n FROM g WHERE g.completed GROUP BY product) c WHERE pr.id = c.product""",
          array(buyers), array(products), seller, k0, k1, start, base, stepMs, buyers.size(), buyers.size(),
          products.size());
      System.out.printf("preload: %d of %d orders%n", Math.min(n, from + batch), n);
    }
  }

  private static synchronized long take(long n) {
    long k = nextK;
    nextK += n;
    return k;
  }

  private static String array(List<UUID> ids) {
    return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
  }
}
