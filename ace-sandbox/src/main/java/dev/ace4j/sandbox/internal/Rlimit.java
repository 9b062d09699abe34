package dev.ace4j.sandbox.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One resource limit of a run, set by the launcher's {@code ulimit} for a cold run and by the warm server's
 * {@code setrlimit} for a warm one.
 *
 * @param soft the limit that signals or fails (bytes for sizes, seconds for CPU)
 * @param hard the ceiling the program cannot raise its soft limit above
 */
record Rlimit(Resource resource, long soft, long hard) {
  /** The limits ace sets, with {@code ulimit}'s option and unit for each. */
  enum Resource {
    CORE("-c", 1024), NOFILE("-n", 1), FSIZE("-f", 1024), AS("-v", 1024), NPROC("-u", 1), CPU("-t", 1);

    private final String option;
    private final long unit;

    Resource(String option, long unit) {
      this.option = option;
      this.unit = unit;
    }
  }

  static Rlimit of(Resource resource, long value) {
    return new Rlimit(resource, value, value);
  }

  /**
   * The launcher's {@code ulimit} calls, separated by ";". Soft before hard for limits that differ: a hard limit
   * below the current soft one is refused.
   */
  static String ulimitWords(List<Rlimit> limits) {
    List<String> both = new ArrayList<>();
    List<String> split = new ArrayList<>();
    for (Rlimit limit : limits) {
      String option = limit.resource().option;
      long unit = limit.resource().unit;
      if (limit.soft() == limit.hard()) {
        both.add(option + " " + limit.soft() / unit);
      } else {
        split.add("-S " + option + " " + limit.soft() / unit);
        split.add("-H " + option + " " + limit.hard() / unit);
      }
    }
    List<String> calls = new ArrayList<>();
    if (!both.isEmpty()) {
      calls.add(String.join(" ", both));
    }
    calls.addAll(split);
    return calls.isEmpty() ? "-" : String.join(";", calls);
  }
}
