package dev.ace4j.cli;

import dev.ace4j.core.KaybaJson;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookFormatException;
import dev.ace4j.core.PlaybookJson;
import dev.ace4j.core.PlaybookText;
import dev.ace4j.core.StrategiesJson;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads a playbook file in any shape {@code ace playbook} imports, telling the shape from the text: ace4j's JSON
 * ({@code "format": "ace4j-playbook"}), another JSON object (kayba's {@code bullets} or {@code skills}), a JSON
 * array (the original system's strategies), else the ACE paper's text format. Every failure is one line naming the
 * file: a {@link PlaybookFormatException} or a {@link BadInputException}.
 */
final class PlaybookFiles {
  /** Larger than any playbook a prompt could hold; the file is not read past it. */
  static final int MAX_BYTES = 64 * 1024 * 1024;
  /** A JSON array opens with {@code [} then a value or {@code ]}; a text bullet with {@code [id]}. */
  private static final Pattern JSON_ARRAY = Pattern.compile("\\[\\s*([{\\[\"\\]0-9-]|$|true|false|null)");

  private PlaybookFiles() {}

  /** The playbook in {@code file}, whatever its shape; {@code option} names where the file was given. */
  static Playbook read(String option, Path file) {
    byte[] bytes = InputFiles.read(option, file, MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new BadInputException(option + " " + file + ": larger than " + MAX_BYTES / (1024 * 1024)
          + " MiB: not a playbook");
    }
    String text = InputFiles.decode(option + " " + file, bytes);
    return parse(text, file.toString());
  }

  /** Parses {@code text} read from {@code source}, by its shape. */
  static Playbook parse(String text, String source) {
    String start = text.strip();
    if (start.isEmpty()) {
      throw new PlaybookFormatException(source, "the file is empty: expected an ace4j or kayba JSON playbook, "
          + "the original system's JSON array of strategies, or the paper's text format");
    }
    if (start.startsWith("{")) {
      return start.contains("\"" + PlaybookJson.FORMAT + "\"")
          ? PlaybookJson.read(text, source)
          : KaybaJson.read(text, source);
    }
    if (JSON_ARRAY.matcher(start).lookingAt()) {
      return StrategiesJson.read(text, source);
    }
    return PlaybookText.read(text, source);
  }

  /**
   * The playbook {@code file} holds now, read without opening its store (nothing is locked, created or repaired).
   *
   * @throws BadInputException when there is no such file yet
   */
  static Playbook current(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": no playbook there yet: ace solve creates it, or ace playbook import "
          + "FILE brings one in (or give --playbook FILE)");
    }
    try {
      return PlaybookJson.read(file);
    } catch (UncheckedIOException e) {
      throw new BadInputException(String.valueOf(e.getMessage()));
    }
  }
}
