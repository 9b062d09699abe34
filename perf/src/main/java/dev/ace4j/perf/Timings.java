package dev.ace4j.perf;

/** What the perf commands share: reading the run count from the command line and percentiles of timings. */
final class Timings {
  private Timings() {}

  /**
   * The run count given as the command's first argument, or {@code fallback} without one; anything but a number
   * from 1 to {@code max} ends the command with a one-line usage error and exit code 2.
   */
  static int runs(String[] args, String command, int fallback, int max) {
    if (args.length == 0) {
      return fallback;
    }
    try {
      int runs = Integer.parseInt(args[0]);
      if (runs >= 1 && runs <= max) {
        return runs;
      }
    } catch (NumberFormatException e) {
      // fall through to the usage error
    }
    System.err.printf("%s: RUNS '%s' is not a number from 1 to %d: use e.g. perf/%s %d%n", command, args[0], max,
        command, fallback);
    System.exit(2);
    return 0;
  }

  /** The {@code percentile}th percentile (nearest rank) of timings in nanoseconds, sorted ascending, in ms. */
  static double millis(long[] sorted, int percentile) {
    int index = Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1));
    return sorted[index] / 1e6;
  }
}
