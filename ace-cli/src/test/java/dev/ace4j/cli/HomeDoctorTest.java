package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ace4j.coder.history.History;
import dev.ace4j.core.FilePlaybookStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lines of {@code ace doctor} about ACE4J_HOME: the database and the playbook store. */
class HomeDoctorTest {
  @TempDir Path home;

  private AceRun doctor() {
    return AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "doctor");
  }

  private static String line(AceRun run, String subject) {
    return run.out().lines().filter(line -> line.substring(5).startsWith(subject + " ")).findFirst().orElseThrow();
  }

  @Test
  void aDatabaseNotCreatedYetIsFineAndDoctorDoesNotCreateIt() {
    AceRun run = doctor();

    assertThat(line(run, "database")).startsWith("ok   database").contains(home.resolve("ace.db").toString(),
        "not created yet");
    assertThat(home.resolve("ace.db")).doesNotExist();
  }

  @Test
  void reportsTheHistorySchemaVersionAndTheIntegrityCheckOfASoundDatabase() {
    History.open(home.resolve("ace.db")).close();

    AceRun run = doctor();

    assertThat(line(run, "database")).startsWith("ok   database")
        .containsPattern("history schema version \\d+, integrity_check ok");
  }

  @Test
  void failsAHistoryWrittenByANewerAce4jWithoutTouchingIt() throws SQLException {
    Path database = home.resolve("ace.db");
    History.open(database).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO history_schema (version) VALUES (" + (History.SCHEMA_VERSION + 1) + ")");
    }

    AceRun run = doctor();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(line(run, "database")).startsWith("FAIL database")
        .contains("history schema version " + (History.SCHEMA_VERSION + 1) + ", newer than", "upgrade ace4j");
  }

  @Test
  void failsADatabaseOfGarbageWithAFixThatMovesItAsideAndLeavesItUntouched() throws IOException {
    byte[] garbage = new byte[8192];
    new Random(12).nextBytes(garbage);
    Path database = Files.write(home.resolve("ace.db"), garbage);

    AceRun run = doctor();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(line(run, "database")).startsWith("FAIL database")
        .contains(database + ": file is not a database (SQLITE_NOTADB) — ", "restore it from a backup",
            "mv " + database + " " + database + ".broken")
        .doesNotContainIgnoringCase("delete").doesNotContain("rm ");
    assertThat(Files.readAllBytes(database)).isEqualTo(garbage);
  }

  @Test
  void failsADatabaseWhoseIntegrityCheckFindsProblems() throws SQLException {
    Path database = home.resolve("ace.db");
    indexPointingAtTheWrongTable(database);

    AceRun run = doctor();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(line(run, "database")).startsWith("FAIL database")
        .contains(database + ": PRAGMA integrity_check failed: ", " index ", "restore it from a backup");
  }

  @Test
  void noPlaybooksYetIsFine() {
    AceRun run = doctor();

    assertThat(line(run, "playbooks")).isEqualTo("ok   playbooks  " + home.resolve("playbooks")
        + ": none yet (solve and bench create them)");
  }

  @Test
  void countsThePlaybooksThatCanBeRead() {
    FilePlaybookStore.open(home.resolve("playbooks/default.json")).close();
    FilePlaybookStore.open(home.resolve("playbooks/bench-1.json")).close();

    AceRun run = doctor();

    assertThat(line(run, "playbooks")).isEqualTo("ok   playbooks  " + home.resolve("playbooks")
        + ": 2 playbooks, each readable");
  }

  @Test
  void failsEachMalformedPlaybookByName() throws IOException {
    FilePlaybookStore.open(home.resolve("playbooks/default.json")).close();
    Path truncated = Files.writeString(home.resolve("playbooks/truncated.json"), "{\"format\": \"ace4j-pla");
    Path foreign = Files.writeString(home.resolve("playbooks/foreign.json"), "{\"bullets\": 3}");

    AceRun run = doctor();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out().lines().filter(line -> line.startsWith("FAIL playbooks  ")))
        .satisfiesExactly(
            line -> assertThat(line).contains(foreign + ": ", "mv foreign.json foreign.json.broken"),
            line -> assertThat(line).contains(truncated + ": ", "mv truncated.json truncated.json.broken"));
    assertThat(run.out()).doesNotContain("default.json").doesNotContainIgnoringCase("delete");
  }

  @Test
  void theFixForABrokenPlaybookRestoresItFromItsNewestSnapshot() throws IOException, InterruptedException {
    Path playbook = home.resolve("playbooks/default.json");
    FilePlaybookStore.open(playbook).close();
    Files.writeString(playbook, "{\"format\": ");

    Matcher command = Pattern.compile("\\((cd .+ && cp .+?)\\)").matcher(line(doctor(), "playbooks"));
    assertThat(command.find()).isTrue();
    Process fix = new ProcessBuilder("bash", "-c", command.group(1)).inheritIO().start();
    assertThat(fix.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertThat(fix.exitValue()).isEqualTo(0);
    assertThat(home.resolve("playbooks/default.json.broken")).hasContent("{\"format\": ");
    assertThatCode(() -> FilePlaybookStore.open(playbook).close()).doesNotThrowAnyException();
    assertThat(line(doctor(), "playbooks")).startsWith("ok   playbooks");
  }

  /** Two tables whose indexes trade places in the schema: each index then lacks its table's rows. */
  private static void indexPointingAtTheWrongTable(Path database) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      for (String table : new String[] {"a", "b"}) {
        statement.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, v TEXT)");
        statement.execute("CREATE INDEX " + table + "_v ON " + table + " (v)");
        statement.execute("INSERT INTO " + table + " (v) VALUES ('" + table + "1'), ('" + table + "2'), ('"
            + table + "3')");
      }
      statement.execute("PRAGMA writable_schema = ON");
      statement.execute("UPDATE sqlite_master SET rootpage = (SELECT SUM(rootpage) FROM sqlite_master "
          + "WHERE name IN ('a_v', 'b_v')) - rootpage WHERE name IN ('a_v', 'b_v')");
    }
  }
}
