package dev.ace4j.sandbox.security;

import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.SandboxSettings;
import java.time.Duration;

/**
 * Requests for hostile payloads, with short wall-clock limits so that every attack ends quickly: the suite shares
 * two cores with other builds.
 */
final class Payloads {
  /** Wall-clock limit for a Python or Bash payload that is meant to hang or exhaust something. */
  static final Duration HOSTILE_WALL = Duration.ofSeconds(3);
  /** Node and the JVM take longer to start, more so on a loaded machine. */
  static final Duration RUNTIME_WALL = Duration.ofSeconds(20);

  private Payloads() {}

  /** A Python snippet under the default limits with a {@link #HOSTILE_WALL} wall clock. */
  /**
   * The settings every security test builds its sandbox from: the defaults, which run Python warm, or cold ones
   * when the build runs the suite a second time with {@code -Dace4j.test.cold=true} (the same attacks both ways).
   */
  static SandboxSettings settings() {
    return SandboxSettings.defaults().withWarm(!Boolean.getBoolean("ace4j.test.cold"));
  }

  static ExecutionRequest.Builder python(String code) {
    return snippet(Language.PYTHON, code);
  }

  /** A Bash script under the default limits with a {@link #HOSTILE_WALL} wall clock. */
  static ExecutionRequest.Builder bash(String code) {
    return snippet(Language.BASH, code);
  }

  /** A snippet under the default limits; Node and Java get {@link #RUNTIME_WALL} to start in. */
  static ExecutionRequest.Builder snippet(Language language, String code) {
    Duration wall = language == Language.PYTHON || language == Language.BASH ? HOSTILE_WALL : RUNTIME_WALL;
    return ExecutionRequest.snippet(language, code).limits(Limits.defaults().withWall(wall));
  }

  /** The default limits with another wall clock. */
  static Limits wall(Duration wall) {
    return Limits.defaults().withWall(wall);
  }

  /** Marks every process of the run (the variable is inherited), for {@link HostProcesses#survivors}. */
  static ExecutionRequest.Builder marked(ExecutionRequest.Builder request, String marker) {
    return request.environment(HostProcesses.MARKER_VARIABLE, marker);
  }
}
