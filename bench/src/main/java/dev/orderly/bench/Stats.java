package dev.orderly.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a sample (nearest-rank), and a growable array of longs to collect it. */
final class Stats {
  private Stats() {}

  /** Nearest-rank percentile of a sorted array, q in [0, 1]. */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  static String ms(double millis) {
    return String.format(Locale.ROOT, "%.1f", millis);
  }

  static final class Longs {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addAll(Longs other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    int size() {
      return size;
    }

    long[] sorted() {
      long[] copy = Arrays.copyOf(values, size);
      Arrays.sort(copy);
      return copy;
    }
  }
}
