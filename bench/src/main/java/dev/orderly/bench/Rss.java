package dev.orderly.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Peak resident memory of a process, from {@code VmHWM} in {@code /proc/<pid>/status} (Linux): the
 * high-water mark of its RSS since it started, so reading it once at the end gives the peak. The
 * in-process benches print it as a {@code RESULT kind=rss} line; run.sh reads the jar server's own
 * just before stopping it.
 */
final class Rss {
  private Rss() {}

  /** VmHWM of {@code pid} ("self" for this JVM) in MiB, or -1 where /proc is not readable. */
  static long peakMb(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone: reported as -1
    }
    return -1;
  }

  /** The RESULT line for this JVM: its peak RSS and, for scale, its maximum heap (-Xmx). */
  static String resultLine(String scenario, String db, String extra) {
    return String.format(Locale.ROOT, "RESULT kind=rss scenario=%s db=%s %srss_peak_mb=%d heap_max_mb=%d", scenario, db,
        extra.isEmpty() ? "" : extra + " ", peakMb("self"), Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }
}
