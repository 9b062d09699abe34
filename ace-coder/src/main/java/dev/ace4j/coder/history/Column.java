package dev.ace4j.coder.history;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A column of a history table: its name, its SQL declaration, and how a row's value is bound. A table's columns are
 * listed once (an enum per table), and its {@code CREATE TABLE}, {@code INSERT} and {@code SELECT} are written from
 * that list, so the three cannot disagree; rows are read back by column name.
 *
 * @param name the column's name in SQL
 * @param declaration its type and constraints, as in {@code CREATE TABLE}
 * @param binder how a row's value of it is bound to a statement
 * @param <R> the row type the table stores
 */
record Column<R>(String name, String declaration, Binder<R> binder) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** Binds a row's value of a column to parameter {@code index} of {@code statement}. */
  @FunctionalInterface
  interface Binder<R> {
    void bind(PreparedStatement statement, int index, R row) throws SQLException;
  }

  /** {@code CREATE TABLE IF NOT EXISTS} with an autoincrement key, {@code columns}, then {@code constraints}. */
  static String create(String table, String key, List<? extends Column<?>> columns, String constraints) {
    String body = columns.stream().map(c -> "  " + c.name() + " " + c.declaration())
        .collect(Collectors.joining(",\n"));
    return "CREATE TABLE IF NOT EXISTS " + table + " (\n  " + key + " INTEGER PRIMARY KEY AUTOINCREMENT,\n" + body
        + (constraints.isEmpty() ? "" : ",\n  " + constraints) + "\n)";
  }

  /** {@code INSERT} of every one of {@code columns}, one parameter each. */
  static String insert(String table, List<? extends Column<?>> columns) {
    return "INSERT INTO " + table + " (" + names("", columns) + ") VALUES ("
        + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
  }

  /** The names of {@code columns}, each after {@code prefix} (a table alias and a dot, or nothing). */
  static String names(String prefix, List<? extends Column<?>> columns) {
    return columns.stream().map(c -> prefix + c.name()).collect(Collectors.joining(", "));
  }

  /** Binds every one of {@code columns} of {@code row}, in order, from parameter 1. */
  static <R> void bindAll(PreparedStatement statement, List<? extends Column<R>> columns, R row)
      throws SQLException {
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).binder().bind(statement, i + 1, row);
    }
  }

  /** {@code instant} as the history stores it: UTC, fixed width, so the text sorts as the instants do. */
  static String instant(Instant instant) {
    return TIME.format(instant);
  }

  /** Binds text, or SQL NULL when it is absent. */
  static void bindOptional(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, value.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  /** Binds an exact amount as text (SQLite has no decimal type), or SQL NULL when it is unknown. */
  static void bindCost(PreparedStatement statement, int index, Optional<BigDecimal> cost) throws SQLException {
    bindOptional(statement, index, cost.map(BigDecimal::toPlainString));
  }
}
