package dev.ace4j.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A file placed in the sandbox's work directory before the program starts.
 *
 * @param path relative to the work directory, {@code /}-separated; no {@code ..}, no absolute path, no NUL
 * @param content the file's bytes
 */
public record WorkFile(String path, byte[] content) {
  private static final int MAX_PATH_BYTES = 1024;
  private static final int MAX_NAME_BYTES = 255;

  public WorkFile {
    checkPath(path);
    content = content.clone();
  }

  /** A UTF-8 text file. */
  public static WorkFile of(String path, String text) {
    return new WorkFile(path, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The file's size in bytes. */
  public int size() {
    return content.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WorkFile that && path.equals(that.path) && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return 31 * path.hashCode() + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "WorkFile[" + path + ", " + content.length + " bytes]";
  }

  /**
   * Rejects any path that could leave the work directory or confuse a tool: absolute paths, {@code .} and
   * {@code ..} segments, empty segments, control characters, and over-long names.
   */
  static void checkPath(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidRequestException("file path is empty: name each file relative to the work directory");
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new InvalidRequestException("file path is longer than " + MAX_PATH_BYTES + " bytes: shorten it");
    }
    if (path.startsWith("/")) {
      throw new InvalidRequestException(
          "file path '" + printable(path) + "' is absolute: name it relative to the work directory");
    }
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) < 0x20 || path.charAt(i) == 0x7f || path.charAt(i) == '\\') {
        throw new InvalidRequestException(
            "file path '" + printable(path) + "' holds a control character or backslash: use plain names");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidRequestException(
            "file path '" + printable(path) + "' has an empty, '.' or '..' segment: use a plain relative path");
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        throw new InvalidRequestException("file name in '" + printable(path) + "' is longer than 255 bytes");
      }
    }
  }

  private static String printable(String path) {
    StringBuilder out = new StringBuilder();
    path.codePoints().limit(200).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
