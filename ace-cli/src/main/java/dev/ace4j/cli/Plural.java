package dev.ace4j.cli;

/** "1 task", "2 tasks": a count with its noun, in the number the count needs. */
final class Plural {
  private Plural() {}

  /** {@code count} and {@code noun}, adding "s" unless the count is one; for nouns whose plural takes an "s". */
  static String of(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
