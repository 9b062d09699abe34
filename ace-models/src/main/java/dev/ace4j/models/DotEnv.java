package dev.ace4j.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file: {@code KEY=VALUE} lines, optionally prefixed with {@code export}; blank lines and
 * {@code #} comments skipped; values bare (a {@code " #"} starts a comment), in single quotes (taken literally) or in
 * double quotes (with {@code \n}, {@code \"} and {@code \\} escapes). Errors name the file and line number, never the
 * line's text: it may hold a key.
 */
final class DotEnv {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

  private DotEnv() {}

  /** The variables {@code file} defines, in file order (a later line wins); empty when the file does not exist. */
  static Map<String, String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new ModelConfigurationException("cannot read " + file + " (" + e.getClass().getSimpleName()
          + "): fix its permissions or remove it", e);
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      if (!KEY.matcher(key).matches()) {
        throw malformed(file, i, "is not KEY=VALUE");
      }
      variables.put(key, value(line.substring(eq + 1).strip(), file, i));
    }
    return Map.copyOf(variables);
  }

  private static String value(String raw, Path file, int line) {
    if (raw.startsWith("'")) {
      int end = raw.indexOf('\'', 1);
      if (end < 0) {
        throw malformed(file, line, "has an unclosed single quote");
      }
      requireOnlyComment(raw.substring(end + 1), file, line);
      return raw.substring(1, end);
    }
    if (raw.startsWith("\"")) {
      return doubleQuoted(raw, file, line);
    }
    int comment = raw.indexOf(" #");
    return (comment < 0 ? raw : raw.substring(0, comment)).strip();
  }

  private static String doubleQuoted(String raw, Path file, int line) {
    StringBuilder value = new StringBuilder();
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"') {
        requireOnlyComment(raw.substring(i + 1), file, line);
        return value.toString();
      }
      if (c == '\\' && i + 1 < raw.length()) {
        char next = raw.charAt(++i);
        value.append(next == 'n' ? '\n' : next);
      } else {
        value.append(c);
      }
    }
    throw malformed(file, line, "has an unclosed double quote");
  }

  private static void requireOnlyComment(String after, Path file, int line) {
    String rest = after.strip();
    if (!rest.isEmpty() && !rest.startsWith("#")) {
      throw malformed(file, line, "has text after the closing quote");
    }
  }

  private static ModelConfigurationException malformed(Path file, int index, String problem) {
    return new ModelConfigurationException(file + " line " + (index + 1) + " " + problem
        + ": write KEY=VALUE, KEY=\"VALUE\" or KEY='VALUE' (# starts a comment)");
  }
}
