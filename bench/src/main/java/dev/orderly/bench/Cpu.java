package dev.orderly.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * CPU seconds used so far by the process under test and by PostgreSQL (from a command such as
 * {@code bench/cpu.sh PID}, which prints {@code server=<s> pg=<s>}), and by this JVM.
 */
final class Cpu {
  private Cpu() {}

  /** At nanoTime {@code at} (sleeping until then): {server, pg, this JVM}; NaN where unknown. */
  static double[] sample(String cmd, long at) {
    try {
      long wait = at - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      double self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime() / 1e9;
      double server = Double.NaN;
      double pg = Double.NaN;
      if (cmd != null && !cmd.isBlank()) {
        Process p = new ProcessBuilder(cmd.split(" ")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        for (String kv : out.split("\\s+")) {
          if (kv.startsWith("server=")) {
            server = Double.parseDouble(kv.substring(7));
          } else if (kv.startsWith("pg=")) {
            pg = Double.parseDouble(kv.substring(3));
          }
        }
      }
      return new double[] {server, pg, self};
    } catch (Exception e) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
  }

  /** CPU milliseconds per order of {@code names[i]} between two samples; "" when a sample is missing. */
  static String perOrder(double[] from, double[] to, long orders, String... names) {
    if (from == null || to == null || orders == 0) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      s.append(String.format(Locale.ROOT, "%scpu_ms_per_order_%s=%.2f", i == 0 ? "" : " ", names[i],
          (to[i] - from[i]) * 1000 / orders));
    }
    return s.toString();
  }
}
