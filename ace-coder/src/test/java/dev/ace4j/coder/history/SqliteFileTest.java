package dev.ace4j.coder.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one opener of ace.db, on real SQLite files. */
class SqliteFileTest {
  @TempDir
  Path folder;

  @Test
  void opensEveryConnectionInWalModeWithForeignKeysAndAThirtySecondBusyTimeout() throws SQLException {
    try (Connection connection = SqliteFile.open(folder.resolve("ace.db"))) {
      assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(connection, "synchronous")).isEqualTo("1");
      assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(connection, "busy_timeout")).isEqualTo("30000");
    }
  }

  @Test
  void createsTheFileAndItsMissingFolders() throws SQLException {
    Path deep = folder.resolve("a").resolve("b").resolve("ace.db");
    try (Connection connection = SqliteFile.open(deep)) {
      assertThat(connection.isClosed()).isFalse();
    }

    assertThat(deep).isRegularFile();
  }

  @Test
  void refusesAFileThatIsNotADatabaseInOneLineNamingItAndTheFix() throws Exception {
    Path text = folder.resolve("ace.db");
    byte[] bytes = "not a database, just some notes\n".repeat(200).getBytes(StandardCharsets.UTF_8);
    Files.write(text, bytes);

    assertThatThrownBy(() -> SqliteFile.open(text))
        .isInstanceOf(HistoryException.class)
        .hasMessageContaining("database " + text + " is not a usable SQLite database")
        .hasMessageContaining("move it away to start an empty history and response cache")
        .hasMessageContaining("set ACE4J_HOME to another folder")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(Files.readAllBytes(text)).isEqualTo(bytes);
  }

  @Test
  void refusesAPathWhoseFolderIsAFileNamingItAndTheFix() throws Exception {
    Path blocked = Files.writeString(folder.resolve("home"), "a file where the folder should be");

    assertThatThrownBy(() -> SqliteFile.open(blocked.resolve("ace.db")))
        .isInstanceOf(HistoryException.class)
        .hasMessageContaining("cannot create the folder of database " + blocked.resolve("ace.db"))
        .hasMessageContaining("set ACE4J_HOME to another folder");
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA " + name)) {
      row.next();
      return row.getString(1);
    }
  }
}
