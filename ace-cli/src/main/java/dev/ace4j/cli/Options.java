package dev.ace4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.OptionalDouble;

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

  /**
   * A pass rate given as a share or a percentage ({@code 0.8}, {@code 80%}), as a share from 0 to 1.
   */
  static double rate(String option, String text) {
    String value = text.strip();
    boolean percent = value.endsWith("%");
    try {
      double rate = Double.parseDouble(percent ? value.substring(0, value.length() - 1) : value);
      rate = percent ? rate / 100 : rate;
      if (rate >= 0 && rate <= 1 && !value.isEmpty()) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // the usage error below
    }
    throw new BadInputException(option + " " + text + ": not a pass rate: give a share from 0 to 1 or a percentage, "
        + "e.g. 0.8 or 80%");
  }

  /** Whether a session fell short of {@code --fail-under}, if it was given; then one line on err says by how much. */
  static boolean fellShort(OptionalDouble minimum, double achieved, String what, PrintWriter err) {
    if (minimum.isEmpty() || achieved >= minimum.getAsDouble()) {
      return false;
    }
    err.println(String.format(Locale.ROOT, "ace: %s %.1f%% is under --fail-under %.1f%%", what, achieved * 100,
        minimum.getAsDouble() * 100));
    err.flush();
    return true;
  }

  /**
   * A folder the command will write files into, checked before any work: an existing folder it may write in, or one
   * it can make under such a folder.
   */
  static Path outputFolder(String option, Path folder) {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new BadInputException(option + " " + folder + ": not a folder: give a folder for the files (it is "
          + "created when missing)");
    }
    requireWritable(option, folder);
    return folder;
  }

  /**
   * The file the command will write, checked before any work. Given an existing folder, the file is
   * {@code defaultName} in it.
   */
  static Path outputFile(String option, Path file, String defaultName) {
    Path target = Files.isDirectory(file) ? file.resolve(defaultName) : file;
    if (Files.isDirectory(target)) {
      throw new BadInputException(option + " " + file + ": " + target + " is a folder: give a file name");
    }
    if (Files.exists(target) && !Files.isWritable(target)) {
      throw new BadInputException(option + " " + file + ": not writable: give a file you may write, or another "
          + "name");
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      if (Files.exists(parent) && !Files.isDirectory(parent)) {
        throw new BadInputException(option + " " + file + ": " + parent + " is not a folder: give a file in a folder");
      }
      requireWritable(option, parent);
    }
    return target;
  }

  /** The nearest existing folder at or above {@code folder} must be writable: the rest can then be made. */
  private static void requireWritable(String option, Path folder) {
    Path existing = folder.toAbsolutePath().normalize();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw new BadInputException(option + " " + folder + ": " + existing + " is not a folder: give a path under "
          + "a folder");
    }
    if (!Files.isWritable(existing)) {
      throw new BadInputException(option + " " + folder + ": " + existing + " is not writable: give a folder you "
          + "may write in");
    }
  }

  /**
   * Writes {@code text} to {@code target} whole or not at all, through a temporary file beside it: a crash leaves
   * the old file or the new one, never half of one.
   */
  static void writeWhole(String option, Path target, String text) {
    Path absolute = target.toAbsolutePath();
    Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".ace-tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BadInputException(option + " " + target + ": cannot write it: " + e.getMessage());
    }
  }
}
