package dev.ace4j.cli;

import dev.ace4j.sandbox.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The largest source {@code ace sandbox exec} accepts: the run's file-size limit ({@link Limits#fileSizeBytes()}),
 * since the sandbox writes the code and the tests as files under that limit and refuses a larger one. Checked here,
 * before anything runs, so the error names the input the user gave (not the sandbox's own file name), and reading
 * stops one byte past the limit, so a huge or endless input costs no more than the limit.
 */
final class SourceLimit {
  private final long maxBytes;

  SourceLimit(Limits limits) {
    this.maxBytes = limits.fileSizeBytes();
  }

  /** The file as UTF-8 text, refused without reading the rest once it is over the limit. */
  String file(String option, Path path) {
    String what = option + " " + path;
    byte[] bytes = InputFiles.read(option, path, Math.toIntExact(maxBytes + 1));
    if (bytes.length > maxBytes) {
      throw over(what, size(path));
    }
    return InputFiles.decode(what, bytes);
  }

  /** The stream as UTF-8 text, read up to one byte past the limit. */
  String stream(String what, InputStream in) {
    byte[] bytes;
    try {
      bytes = in.readNBytes(Math.toIntExact(maxBytes + 1));
    } catch (IOException e) {
      throw new BadInputException(what + ": cannot read it: " + e.getMessage());
    }
    if (bytes.length > maxBytes) {
      throw over(what, OptionalLong.empty());
    }
    return InputFiles.decode(what, bytes);
  }

  /** {@code text} itself, as long as its UTF-8 encoding (the file the sandbox writes) is within the limit. */
  String text(String what, String text) {
    long size = text.getBytes(StandardCharsets.UTF_8).length;
    if (size > maxBytes) {
      throw over(what, OptionalLong.of(size));
    }
    return text;
  }

  private BadInputException over(String what, OptionalLong size) {
    String known = size.isPresent() ? " (" + size.getAsLong() + " bytes)" : "";
    return new BadInputException(what + " is over the file-size limit of " + SizeConverter.format(maxBytes)
        + known + ", the largest file the sandbox writes: give a smaller source, or raise the limit with "
        + "--file-size (up to " + SizeConverter.format(Limits.MAX_FILE_SIZE) + ")");
  }

  /** The size of a regular file, for the message; a pipe or a device has none worth saying. */
  private static OptionalLong size(Path path) {
    try {
      return Files.isRegularFile(path) ? OptionalLong.of(Files.size(path)) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }
}
