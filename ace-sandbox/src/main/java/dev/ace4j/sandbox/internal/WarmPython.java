package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.WorkFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The warm path for Python: per concurrency slot, long-lived sandboxes whose pid 1 is a fork server
 * ({@link Zygote}) with the interpreter started and, for the tests' side, pytest imported. A run then costs a fork
 * instead of a sandbox, an interpreter and pytest's start. Ordinary programs use the slot's plain server; sealed test
 * runs use it for the code under test and a second one, with pytest, for the tests, the two joined by a pair of FIFOs
 * that only they see.
 *
 * <p>A run that cannot go warm (another language, an interpreter option or variable the server could not honour)
 * runs cold, and so does one whose server is gone or not ready in time.
 */
final class WarmPython implements AutoCloseable {
  /** Where the slot's channel folder appears inside both sandboxes of a sealed run. */
  static final String CHANNEL_IN_SANDBOX = "/opt/ace4j/channel";
  private static final Duration START = Duration.ofSeconds(30);
  static final String SERVER = Runners.resource("_ace_zygote.py");
  /**
   * Both sides of a sealed run import the bridge from the work folder; made in advance from the same source, it
   * costs each run neither its compile nor its imports.
   */
  private static final String BRIDGE = "_ace_sealed=" + Runners.resource(Runners.SEALED_BRIDGE);
  /**
   * Standard modules that generated code and dataset checks import most (nearly every HumanEval prompt imports
   * typing, which alone costs a run ~2 ms to import): loaded once per server rather than once per run.
   */
  private static final List<String> COMMON = List.of("typing", "collections", "math", "re", "itertools",
      "functools", "heapq", "string", "bisect", "operator", "copy", "dataclasses", "statistics");

  /**
   * What a warm sandbox is built for; a request that needs another shape restarts the slot's servers.
   *
   * @param scratchBytes the size of each of its tmpfs folders
   * @param runtimes the runtimes' host folders bound inside
   */
  record Shape(long scratchBytes, Runtimes runtimes) {}

  /** How {@link BubblewrapSandbox} starts one server in a slot's warm control groups. */
  interface Starter {
    Zygote start(int slot, Shape shape, List<String> preload, Path channel) throws IOException;
  }

  /**
   * One slot's servers: {@code code} runs programs and the code under test, {@code tests} (with pytest) the tests.
   */
  record Pair(Shape shape, Path channel, Zygote code, @Nullable Zygote tests) {
    /** The server a run's main side goes to: the tests' for a sealed run, else the plain one. */
    Zygote mainServer(boolean sealed) {
      return sealed && tests != null ? tests : code;
    }

    void kill() {
      code.kill();
      if (tests != null) {
        tests.kill();
      }
    }

    void close() {
      code.close();
      if (tests != null) {
        tests.close();
      }
      StateDir.deleteQuietly(channel);
    }

    /** The channel's ends as the tests' side opens them, in the code's order (see {@link SealedRun.Channel}). */
    static List<String> testsEnds() {
      return List.of("<" + CHANNEL_IN_SANDBOX + "/to-tests", ">" + CHANNEL_IN_SANDBOX + "/to-code");
    }

    static List<String> codeEnds() {
      return List.of(">" + CHANNEL_IN_SANDBOX + "/to-tests", "<" + CHANNEL_IN_SANDBOX + "/to-code");
    }

    SealedRun.Channel hostChannel() {
      return new SealedRun.Channel(channel.resolve("to-tests"), channel.resolve("to-code"));
    }
  }

  private final Starter starter;
  private final Path stateDir;
  private final AtomicReferenceArray<Pair> pairs;

  WarmPython(Starter starter, Path stateDir, int slots) {
    this.starter = starter;
    this.stateDir = stateDir;
    this.pairs = new AtomicReferenceArray<>(slots);
  }

  /**
   * Whether a request can run warm: Python as {@code python3 -s ...}, with no variable the interpreter reads when it
   * starts (those would have to be set before the server started).
   */
  static boolean eligible(ExecutionRequest request, RunPlan plan, Runtimes runtimes) {
    if (request.language() != Language.PYTHON || request.kind() == ExecutionRequest.Kind.COMMAND) {
      return false;
    }
    boolean startsFree = request.environment().keySet().stream()
        .noneMatch(name -> name.startsWith("PYTHON") || name.equals("LANG") || name.startsWith("LC_"));
    return startsFree && interpreted(plan.argv(), runtimes)
        && plan.sealedCode().map(code -> interpreted(code.argv(), runtimes)).orElse(true);
  }

  private static boolean interpreted(List<String> argv, Runtimes runtimes) {
    return argv.size() > 2 && argv.get(0).equals(runtimes.python().toString()) && argv.get(1).equals("-s");
  }

  private static List<String> preload(String... modules) {
    List<String> all = new ArrayList<>(COMMON);
    all.addAll(List.of(modules));
    return all;
  }

  /**
   * The slot's servers for a run of {@code shape}, ready for a request, started or restarted as needed; empty when
   * they cannot be (the run then goes cold). Called by the slot's holder only.
   */
  Optional<Pair> pair(int slot, Shape shape, boolean sealed) {
    Pair pair = pairs.get(slot);
    if (pair != null && (!pair.shape().equals(shape) || !pair.code().alive()
        || (pair.tests() != null && !pair.tests().alive()) || (sealed && pair.tests() == null))) {
      pair.close();
      pair = null;
    }
    try {
      if (pair == null) {
        Path channel = StateDir.warmChannel(stateDir);
        SealedRun.Channel.create(channel);
        Zygote code = starter.start(slot, shape, preload(BRIDGE), channel);
        Zygote tests = sealed ? starter.start(slot, shape, preload("pytest", BRIDGE), channel) : null;
        pair = new Pair(shape, channel, code, tests);
        pairs.set(slot, pair);
      }
      // Only the servers this run uses: one a run left alone has no new ready frame to wait for.
      Zygote testsServer = pair.tests();
      if (pair.code().awaitReady(START) && (!sealed || (testsServer != null && testsServer.awaitReady(START)))) {
        return Optional.of(pair);
      }
    } catch (IOException e) {
      // Cannot start one: the run goes cold.
    }
    if (pair != null) {
      pair.close();
    }
    pairs.set(slot, null);
    return Optional.empty();
  }

  /** One request for a server, as the JSON object {@code _ace_zygote.py} reads. */
  static byte[] request(List<WorkFile> files, List<String> argv, Map<String, String> environment,
      List<Rlimit> rlimits, List<String> channel, List<String> outputs, byte[] stdin, long maxBytes) {
    StringBuilder json = new StringBuilder("{\"files\":[");
    Base64.Encoder base64 = Base64.getEncoder();
    for (int i = 0; i < files.size(); i++) {
      WorkFile file = files.get(i);
      json.append(i == 0 ? "[" : ",[").append(string(file.path())).append(",\"")
          .append(base64.encodeToString(file.content())).append("\"]");
    }
    json.append("],\"stdin\":\"").append(base64.encodeToString(stdin)).append("\",\"argv\":")
        .append(strings(argv.subList(2, argv.size()))).append(",\"env\":{");
    boolean first = true;
    for (Map.Entry<String, String> variable : environment.entrySet()) {
      json.append(first ? "" : ",").append(string(variable.getKey())).append(':').append(string(variable.getValue()));
      first = false;
    }
    json.append("},\"rlimits\":[");
    for (int i = 0; i < rlimits.size(); i++) {
      Rlimit limit = rlimits.get(i);
      json.append(i == 0 ? "[" : ",[").append(string("RLIMIT_" + limit.resource().name())).append(',')
          .append(limit.soft()).append(',').append(limit.hard()).append(']');
    }
    json.append("],\"channel\":").append(strings(channel)).append(",\"outputs\":").append(strings(outputs))
        .append(",\"maxBytes\":").append(maxBytes).append('}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String strings(List<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(value -> quoted.add(string(value)));
    return "[" + String.join(",", quoted) + "]";
  }

  private static String string(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Ends every slot's servers and removes their channel folders. */
  @Override
  public void close() {
    for (int slot = 0; slot < pairs.length(); slot++) {
      Pair pair = pairs.getAndSet(slot, null);
      if (pair != null) {
        pair.close();
      }
    }
  }
}
