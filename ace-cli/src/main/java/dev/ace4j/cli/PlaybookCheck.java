package dev.ace4j.cli;

import dev.ace4j.core.PlaybookFormatException;
import dev.ace4j.core.PlaybookJson;
import dev.ace4j.sandbox.HostCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code playbooks} lines of {@code ace doctor}: whether every playbook in {@code ACE4J_HOME/playbooks} can be
 * read. Each file is only read, never locked or repaired: a store opened for writing would finish a crashed write.
 * One line when all are sound; otherwise one failing line per playbook that is not.
 */
final class PlaybookCheck {
  private static final String SUBJECT = "playbooks";

  private PlaybookCheck() {}

  static List<HostCheck> inspect(Path folder) {
    if (!Files.exists(folder)) {
      return List.of(HostCheck.ok(SUBJECT, folder + ": none yet (solve and bench create them)"));
    }
    List<Path> playbooks;
    try (Stream<Path> files = Files.list(folder)) {
      playbooks = files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
          .sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of(HostCheck.fail(SUBJECT, "cannot list " + folder + " (" + e.getMessage() + ")",
          "make it a folder this user can read (chmod u+rx " + folder + "), or set ACE4J_HOME to another folder"));
    }
    List<HostCheck> failures = new ArrayList<>();
    for (Path playbook : playbooks) {
      problem(playbook).ifPresent(failures::add);
    }
    if (!failures.isEmpty()) {
      return failures;
    }
    return List.of(HostCheck.ok(SUBJECT, folder + ": " + playbooks.size()
        + (playbooks.size() == 1 ? " playbook, readable" : " playbooks, each readable")));
  }

  private static Optional<HostCheck> problem(Path playbook) {
    try {
      PlaybookJson.read(playbook);
      return Optional.empty();
    } catch (PlaybookFormatException e) {
      return Optional.of(HostCheck.fail(SUBJECT, e.getMessage(), restore(playbook)));
    } catch (UncheckedIOException e) {
      return Optional.of(HostCheck.fail(SUBJECT, String.valueOf(e.getMessage()),
          "make it readable by this user (chmod u+r " + playbook + ")"));
    }
  }

  /**
   * Move the broken file aside and put its newest snapshot ({@code P.versions/}, see FilePlaybookStore) in its
   * place: the next command replays the log from there, so nothing learned is lost. Without a snapshot, the file
   * and its log go aside together (a log without its file is refused).
   */
  private static String restore(Path playbook) {
    String name = playbook.getFileName().toString();
    String moveAside = "cd " + playbook.getParent() + " && mv " + name + " " + name + ".broken";
    Optional<Path> snapshot = newestSnapshot(playbook.resolveSibling(name + ".versions"));
    if (snapshot.isPresent()) {
      return "move it aside and put its newest snapshot in its place (" + moveAside + " && cp " + name
          + ".versions/" + snapshot.get().getFileName() + " " + name + "); the next run replays its log from there";
    }
    boolean log = Files.exists(playbook.resolveSibling(name + ".log"));
    return "restore it from a backup, or move it aside (" + moveAside
        + (log ? " && mv " + name + ".log " + name + ".log.broken" : "") + ") to start it empty";
  }

  private static Optional<Path> newestSnapshot(Path versions) {
    if (!Files.isDirectory(versions)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(versions)) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{10}\\.json"))
          .max(Comparator.comparing(f -> f.getFileName().toString()));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }
}
