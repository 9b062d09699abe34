package dev.ace4j.coder.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tables written from the column lists are the tables earlier versions wrote, so their files stay readable. */
class HistorySchemaTest {
  @TempDir
  Path folder;

  @Test
  void readsAFileWrittenBySchemaVersionOne() throws Exception {
    Path old = folder.resolve("old.db");
    execute(old, resource("schema-v1.sql"));

    try (History history = History.open(old)) {
      TaskRow task = history.tasks(Filter.all()).get(0);
      AttemptRow attempt = history.attempts(task.runId()).get(0);

      assertThat(task.taskId()).isEqualTo("easy_factorial");
      assertThat(task.hiddenPassed()).isEqualTo(10);
      assertThat(task.hiddenTotal()).isEqualTo(10);
      assertThat(task.patternsFound()).containsExactly("def ", "return");
      assertThat(task.costUsd()).isEmpty();
      assertThat(task.finishedAt()).isEqualTo(Instant.parse("2026-11-30T10:04:00Z"));
      assertThat(attempt.errorType()).contains("NameError");
      assertThat(attempt.costUsd()).contains(new BigDecimal("0.000123"));
      assertThat(attempt.code()).isEqualTo("def factorial(n): return m");
    }
  }

  @Test
  void createsTheSameColumnsAsSchemaVersionOne() throws Exception {
    Path old = folder.resolve("old.db");
    Path fresh = folder.resolve("fresh.db");
    execute(old, resource("schema-v1.sql"));
    History.open(fresh).close();

    for (String table : List.of("runs", "attempts", "task_results")) {
      assertThat(columns(fresh, table)).as(table).isEqualTo(columns(old, table));
    }
  }

  /** Each column as "name type notnull default pk", in table order. */
  private static List<String> columns(Path database, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (row.next()) {
        columns.add(row.getString("name") + " " + row.getString("type") + " " + row.getInt("notnull") + " "
            + Optional.ofNullable(row.getString("dflt_value")).orElse("-") + " " + row.getInt("pk"));
      }
    }
    return columns;
  }

  private static void execute(Path database, String script) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      for (String sql : script.replaceAll("(?m)^--.*$", "").split(";\\s*\\n")) {
        if (!sql.isBlank()) {
          statement.execute(sql);
        }
      }
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = HistorySchemaTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
