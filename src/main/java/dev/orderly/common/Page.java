package dev.orderly.common;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list and where the next one starts ({@code null} on the last page).
 *
 * @param items at most the requested limit, in the list's order
 * @param next the position after the last item, when more rows may follow
 */
public record Page<T>(List<T> items, @Nullable Cursor next) {

  public Page {
    items = List.copyOf(items);
  }

  /**
   * The page from rows read with {@link Keyset} (at most {@code limit + 1} of them): the extra row
   * only tells that there is a next page.
   */
  public static <T> Page<T> of(List<T> rows, int limit, Function<T, Cursor> keyOf) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, limit);
    return new Page<>(items, keyOf.apply(items.get(limit - 1)));
  }

  /**
   * A page of a short list already read whole (an order's payment attempts, refunds, requests:
   * a handful each), with the same meaning of {@code limit} and {@code after} as a {@link Keyset}
   * page: {@code all} must be in {@code order}, which must agree with the keys.
   */
  public static <T> Page<T> slice(List<T> all, int limit, @Nullable Cursor after, Function<T, Cursor> keyOf,
      Keyset.Direction direction) {
    Comparator<Cursor> order = direction.comparator();
    List<T> rest = after == null ? all : all.stream().filter(t -> order.compare(keyOf.apply(t), after) > 0).toList();
    return of(rest.size() > limit ? rest.subList(0, limit + 1) : rest, limit, keyOf);
  }

  /**
   * One page of several lists merged into one order, each {@code part} read with the same cursor and
   * limit: the first {@code limit} of their items in {@code direction}, and a next page when any part
   * has more. Correct because a part with more rows is cut at {@code limit} items: if its last item is
   * on the merged page, the whole merged page is that part's and the cursor is its last key.
   */
  @SafeVarargs
  public static <T> Page<T> merge(int limit, Function<T, Cursor> keyOf, Keyset.Direction direction,
      Page<? extends T>... parts) {
    List<T> all = new java.util.ArrayList<>();
    boolean more = false;
    for (Page<? extends T> part : parts) {
      all.addAll(part.items());
      more |= part.next() != null;
    }
    all.sort(Comparator.comparing(keyOf, direction.comparator()));
    if (all.size() <= limit && !more) {
      return new Page<>(all, null);
    }
    List<T> items = all.subList(0, Math.min(limit, all.size()));
    return new Page<>(items, items.isEmpty() ? null : keyOf.apply(items.get(items.size() - 1)));
  }

  public static <T> Page<T> empty() {
    return new Page<>(List.of(), null);
  }

  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), next);
  }
}
