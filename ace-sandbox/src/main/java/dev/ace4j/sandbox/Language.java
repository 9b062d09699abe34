package dev.ace4j.sandbox;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A language the sandbox can run, as a snippet or as a test suite. */
public enum Language {
  PYTHON("python", "main.py", "test_solution.py"),
  JAVASCRIPT("javascript", "main.js", "solution.test.js"),
  JAVA("java", "Main.java", ""),
  BASH("bash", "main.sh", "tests.sh");

  private final String id;
  private final String programFile;
  private final String testsFile;

  Language(String id, String programFile, String testsFile) {
    this.id = id;
    this.programFile = programFile;
    this.testsFile = testsFile;
  }

  /**
   * The name a snippet's code has in the work directory, as its tracebacks show it: {@code main.py}, {@code main.js},
   * {@code Main.java}, {@code main.sh}.
   */
  public String programFile() {
    return programFile;
  }

  /**
   * The name a test suite's tests have in the work directory: {@code test_solution.py}, {@code solution.test.js},
   * {@code tests.sh}; empty for Java, whose tests are named after their class.
   */
  public Optional<String> testsFile() {
    return testsFile.isEmpty() ? Optional.empty() : Optional.of(testsFile);
  }

  /** The name used on the command line and in JSON: {@code python}, {@code javascript}, {@code java}, {@code bash}. */
  public String id() {
    return id;
  }

  /**
   * Parses a language name, case-insensitively.
   *
   * @throws InvalidRequestException naming the accepted values when {@code name} is none of them
   */
  public static Language fromId(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Language language : values()) {
      if (language.id.equals(wanted)) {
        return language;
      }
    }
    throw new InvalidRequestException(
        "unknown language '" + name + "': use one of " + ids());
  }

  /** The accepted names, comma-separated, for messages. */
  public static String ids() {
    return Arrays.stream(values()).map(Language::id).collect(Collectors.joining(", "));
  }
}
