package dev.ace4j.cli;

import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.OutputFile;
import dev.ace4j.sandbox.WorkFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The folder of {@code ace sandbox exec --output-dir}: the files the run copied out are written into it, each at its
 * path relative to the sandbox's work directory. The names come from the sandboxed program, so none may leave the
 * folder: a name that is absolute or has a {@code ..} segment (what a sandbox work directory could never hold), or
 * that would pass through a symbolic link inside the folder, is not written, and a warning names it.
 */
final class OutputFolder {
  private static final String OPTION = "--output-dir";
  private final Path folder;

  private OutputFolder(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  /**
   * The folder, checked before the run: an existing folder ace may write in, or one it can create.
   *
   * @throws BadInputException when it names a file, or a place ace may not write
   */
  static OutputFolder checked(Path folder) {
    return new OutputFolder(Options.outputFolder(OPTION, folder));
  }

  /**
   * Writes {@code files} into the folder (created when missing), replacing files of the same name, and warns on
   * {@code err} about each one it does not write.
   *
   * @return the files written, relative to the folder
   * @throws BadInputException when the folder cannot be created or written
   */
  List<Path> write(List<OutputFile> files, PrintWriter err) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new BadInputException(OPTION + " " + folder + ": cannot create it (" + e.getMessage() + "): give a "
          + "folder you may write in");
    }
    for (OutputFile file : files) {
      String name = TerminalText.inline(file.path());
      Optional<Path> target = inside(file.path());
      if (target.isEmpty()) {
        err.println("ace: warning: output '" + name + "' not written: its name is not a plain path inside "
            + folder);
      } else if (throughLink(target.get())) {
        err.println("ace: warning: output '" + name + "' not written: it would pass through a symbolic link in "
            + folder + ", and links are not followed");
      } else {
        writeFile(target.get(), file.content(), name);
        written.add(folder.relativize(target.get()));
      }
    }
    err.flush();
    return written;
  }

  /** Where {@code path} lands in the folder; empty when it is not a plain relative path that stays inside. */
  private Optional<Path> inside(String path) {
    try {
      WorkFile.of(path, ""); // the sandbox's own rule for a path in a work directory
    } catch (InvalidRequestException e) {
      return Optional.empty();
    }
    Path target = folder.resolve(path).normalize();
    return target.startsWith(folder) && !target.equals(folder) ? Optional.of(target) : Optional.empty();
  }

  /** Whether {@code target}, or a folder between the output folder and it, is a symbolic link. */
  private boolean throughLink(Path target) {
    Path step = folder;
    for (Path name : folder.relativize(target)) {
      step = step.resolve(name);
      if (Files.isSymbolicLink(step)) {
        return true;
      }
    }
    return false;
  }

  private void writeFile(Path target, byte[] content, String name) {
    try {
      Path parent = target.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        out.write(content);
      }
    } catch (IOException e) {
      throw new BadInputException(OPTION + " " + folder + ": cannot write '" + name + "' (" + e.getMessage()
          + "): give a folder you may write in");
    }
  }
}
