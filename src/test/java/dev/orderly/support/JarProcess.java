package dev.orderly.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar run as a child process (its own JVM), output to a log file. The port comes from
 * the log line "Tomcat started on port N" (the server is started with {@code --server.port=0}).
 * {@link #close()} kills it if it is still alive, so nothing outlives the test; a shutdown hook
 * does the same if the test JVM itself is stopped.
 */
public final class JarProcess implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

  private final Process process;
  private final Path log;
  private final Thread hook;

  private JarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.hook = new Thread(process::destroyForcibly, "kill-child-jar");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The jar under test: system property {@code orderly.jar} (set by failsafe), else target/orderly.jar. */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("orderly.jar", "target/orderly.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist: run `mvn -B verify` (it packages the jar first)");
    }
    return jar;
  }

  public static JarProcess start(Path log, List<String> appArgs) throws IOException {
    // a quicker start on a small machine (the crash test starts the jar twice); same code, same behaviour
    return start(log, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), appArgs);
  }

  /** Starts the jar with these JVM options (a benchmark wants the full JIT, as in production). */
  public static JarProcess start(Path log, List<String> jvmOptions, List<String> appArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar().toString()));
    command.addAll(appArgs);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new JarProcess(p, log);
  }

  /** Waits for the server's port in the log; fails with the log's tail when the process dies or is too slow. */
  public int awaitPort(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = STARTED.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the jar exited with " + process.exitValue() + " before it started:\n" + tail(60));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the jar did not start within " + timeout + ":\n" + tail(60));
  }

  /** The CPU time the process has used so far (all its threads), as the operating system counts it. */
  public Duration cpu() {
    return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for the process"));
  }

  /** Waits for the process to end by itself (a refused start, say); its exit value. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the jar is still running after " + timeout + ":\n" + tail(40));
    }
    return process.exitValue();
  }

  /** Everything the process has written so far. */
  public String output() {
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9 (SIGKILL on Linux); returns the exit value, 137 = 128 + 9. */
  public int kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the jar did not die from SIGKILL within 30 s");
    }
    return process.exitValue();
  }

  /** A graceful stop (SIGTERM; Spring shuts down); SIGKILL after 30 s. Returns the exit value. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      throw new IllegalStateException("the jar did not stop within 30 s of SIGTERM:\n" + tail(40));
    }
    return process.exitValue();
  }

  public String tail(int lines) {
    try {
      List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is going down: the hook runs anyway
    }
  }
}
