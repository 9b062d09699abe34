package dev.ace4j.sandbox;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A language the sandbox can run, as a snippet or as a test suite. */
public enum Language {
  PYTHON("python"),
  JAVASCRIPT("javascript"),
  JAVA("java"),
  BASH("bash");

  private final String id;

  Language(String id) {
    this.id = id;
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
