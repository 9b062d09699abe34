package dev.ace4j.cli;

/** Checks of option values that picocli's types cannot express, shared by the learning commands. */
final class Options {
  private Options() {}

  static void requireRounds(int rounds) {
    if (rounds < 1 || rounds > 5) {
      throw new BadInputException("--rounds " + rounds + " is out of range: use 1 to 5 (more rounds overthink)");
    }
  }

  static void requirePositive(String option, int value) {
    if (value < 1) {
      throw new BadInputException(option + " " + value + " is out of range: use 1 or more");
    }
  }
}
