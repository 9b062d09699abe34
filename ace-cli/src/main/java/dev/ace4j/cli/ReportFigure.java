package dev.ace4j.cli;

import java.util.List;
import java.util.Optional;

/**
 * One chart of {@code ace report} with the numbers it draws, as a table of plain text (the page escapes it).
 *
 * @param svg the chart, from {@link SvgChart}; empty when there was nothing to draw, and {@code caption} says why
 * @param rows the table's rows, each as long as {@code header}
 */
record ReportFigure(String title, String caption, Optional<String> svg, List<String> header,
    List<List<String>> rows) {
  ReportFigure {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
  }
}
