package dev.ace4j.coder;

import java.util.Locale;

/** How hard a benchmark task is, as the original benchmark graded it. */
public enum Difficulty {
  EASY,
  MEDIUM,
  HARD;

  /** The wire name used in task files and exports: {@code easy}, {@code medium}, {@code hard}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The difficulty with the given wire name.
   *
   * @throws IllegalArgumentException when {@code id} is not {@code easy}, {@code medium} or {@code hard}
   */
  public static Difficulty fromId(String id) {
    for (Difficulty difficulty : values()) {
      if (difficulty.id().equals(id)) {
        return difficulty;
      }
    }
    throw new IllegalArgumentException("unknown difficulty '" + id + "': use easy, medium or hard");
  }
}
