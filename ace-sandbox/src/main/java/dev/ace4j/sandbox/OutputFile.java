package dev.ace4j.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A regular file the program left in its work directory, copied out after the sandbox was torn down.
 *
 * @param path relative to the work directory, with {@code /} separators
 * @param content the file's bytes
 */
public record OutputFile(String path, byte[] content) {
  public OutputFile {
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The content decoded as UTF-8, with replacement characters for invalid bytes. */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OutputFile that && path.equals(that.path) && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return 31 * path.hashCode() + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "OutputFile[" + path + ", " + content.length + " bytes]";
  }

  /** The size in bytes. */
  public int size() {
    return content.length;
  }
}
