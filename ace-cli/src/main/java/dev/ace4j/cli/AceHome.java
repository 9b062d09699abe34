package dev.ace4j.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where ace keeps its state: {@code ACE4J_HOME}, by default {@code ~/.ace4j}. It holds {@code ace.db} (the learning
 * history and the model response cache), {@code playbooks/}, {@code reports/} and {@code sessions/} (the locks of
 * running sessions, the base URLs sessions ran with). Nothing is created until used.
 */
record AceHome(Path root) {
  static final String VARIABLE = "ACE4J_HOME";

  /**
   * The home {@code environment} names, else {@code ~/.ace4j}.
   *
   * @throws BadInputException when {@code ACE4J_HOME} is not a usable path
   */
  static AceHome of(Map<String, String> environment) {
    String configured = environment.get(VARIABLE);
    try {
      if (configured != null && !configured.isBlank()) {
        return new AceHome(Path.of(configured).toAbsolutePath());
      }
      return new AceHome(Path.of(System.getProperty("user.home"), ".ace4j").toAbsolutePath());
    } catch (InvalidPathException e) {
      throw new BadInputException(VARIABLE + " is not a usable path (" + e.getMessage() + "): set it to a directory");
    }
  }

  /** The SQLite database of the history and the response cache. */
  Path database() {
    return root.resolve("ace.db");
  }

  /** The folder of the playbooks commands use when not given {@code --playbook}. */
  Path playbooks() {
    return root.resolve("playbooks");
  }

  /** The playbook a command uses when not given {@code --playbook}. */
  Path playbook(String name) {
    return playbooks().resolve(name + ".json");
  }

  /** The folder a session's reports go to when not given {@code --out}. */
  Path reports(String name) {
    return root.resolve("reports").resolve(name);
  }

  /** The lock file a running session holds. */
  Path sessionLock(String sessionId) {
    return sessions().resolve(sessionId + ".lock");
  }

  /** Where what belongs to single sessions is kept: their locks, and the base URLs they ran with. */
  Path sessions() {
    return root.resolve("sessions");
  }
}
