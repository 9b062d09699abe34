package dev.ace4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the files named on the command line, turning every failure into one line that names the option. */
final class InputFiles {
  private InputFiles() {}

  /** The file's bytes, or a {@link BadInputException} naming {@code option} and what is wrong with the file. */
  static byte[] read(String option, Path path) {
    return read(option, path, Files::readAllBytes);
  }

  /**
   * At most {@code maxBytes} of the file: a caller that refuses inputs over a limit reads one byte past it and
   * stops there, however large the file (or endless the device) is.
   */
  static byte[] read(String option, Path path, int maxBytes) {
    return read(option, path, file -> {
      try (InputStream in = Files.newInputStream(file)) {
        return in.readNBytes(maxBytes);
      }
    });
  }

  private static byte[] read(String option, Path path, Reader reader) {
    String name = option + " " + path;
    if (Files.isDirectory(path)) {
      throw new BadInputException(name + ": is a directory: give a file");
    }
    try {
      return reader.read(path);
    } catch (NoSuchFileException e) {
      throw new BadInputException(name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new BadInputException(name + ": permission denied");
    } catch (IOException e) {
      throw new BadInputException(name + ": cannot read it: " + e.getMessage());
    }
  }

  /** Reads a file's bytes: all of them, or a bounded prefix. */
  @FunctionalInterface
  private interface Reader {
    byte[] read(Path path) throws IOException;
  }

  /** The file as UTF-8 text; a file that is not UTF-8 is refused rather than silently mangled. */
  static String readText(String option, Path path) {
    return decode(option + " " + path, read(option, path));
  }

  /** Decodes source text, or a {@link BadInputException} saying that {@code what} is not UTF-8. */
  static String decode(String what, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadInputException(what + ": is not UTF-8 text: save it as UTF-8");
    }
  }
}
