package dev.ace4j.cli;

import dev.ace4j.cli.ReportData.FailedTask;
import java.util.List;

/**
 * The HTML of {@code ace report}: one file with its styles and its charts inline, and nothing fetched (no script, no
 * font, no image, no link). Every text that came from the history is escaped: task names and errors are written by
 * models and users.
 */
final class ReportPage {
  private static final String STYLE = """
      :root { color-scheme: light dark; --ink: #1f2328; --muted: #59636e; --paper: #ffffff; --card: #f6f8fa;
        --line: #d1d9e0; --bad: #cf222e; }
      @media (prefers-color-scheme: dark) {
        :root { --ink: #e6edf3; --muted: #9198a1; --paper: #0d1117; --card: #161b22; --line: #3d444d;
          --bad: #ff7b72; }
      }
      body { margin: 0 auto; max-width: 1240px; padding: 24px; font: 15px/1.5 system-ui, sans-serif;
        color: var(--ink); background: var(--paper); }
      h1 { font-size: 26px; margin: 0 0 4px; }
      h2 { font-size: 19px; margin: 0 0 4px; }
      .muted, figcaption { color: var(--muted); }
      section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px;
        margin: 16px 0; }
      .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 0 16px; }
      figure { margin: 0; }
      svg.chart { display: block; width: 100%; height: auto; color: var(--ink); }
      table { border-collapse: collapse; width: 100%; font-size: 13px; }
      th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
      td.error { color: var(--bad); white-space: pre-wrap; word-break: break-word; }
      details { margin-top: 8px; }
      summary { cursor: pointer; color: var(--muted); }
      .totals { display: flex; flex-wrap: wrap; gap: 12px; }
      .totals div { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; }
      .totals b { display: block; font-size: 22px; }
      code { font-size: 14px; }
      """;

  private ReportPage() {}

  /** The report of {@code data}, whose charts are {@code figures}. */
  static String of(ReportData data, List<ReportFigure> figures) {
    StringBuilder html = head("ace report: " + data.scope());
    html.append("<h1>ace report</h1>\n<p class=\"muted\">").append(Html.escape(data.scope())).append("</p>\n");
    totals(html, data);
    html.append("<div class=\"charts\">\n");
    figures.forEach(figure -> figure(html, figure));
    html.append("</div>\n");
    failed(html, data.failed());
    return html.append("</body>\n</html>\n").toString();
  }

  /** The page for a history that holds no task result yet: what to run to make one. */
  static String empty(String where) {
    StringBuilder html = head("ace report: no history yet");
    html.append("<h1>No learning history yet</h1>\n<section>\n<p>").append(Html.escape(where))
        .append(" holds no task results, so there is nothing to chart.</p>\n")
        .append("<p>Run the built-in benchmark with the offline reference model (no key needed), then make "
            + "the report again:</p>\n<pre><code>ace bench --model reference --runs 1\nace report</code></pre>\n")
        .append("<p class=\"muted\">ace solve and ace eval add to the same history (ACE4J_HOME/ace.db).</p>\n")
        .append("</section>\n</body>\n</html>\n");
    return html.toString();
  }

  private static StringBuilder head(String title) {
    return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
        .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE)
        .append("</style>\n</head>\n<body>\n");
  }

  private static void totals(StringBuilder html, ReportData data) {
    int tasks = data.rows().size();
    int passed = (int) data.rows().stream().filter(r -> r.success()).count();
    html.append("<div class=\"totals\">\n");
    total(html, "task results", Integer.toString(tasks));
    total(html, "passed every hidden test", ReportCharts.percentText(passed, tasks));
    total(html, "runs", Integer.toString(data.runs().size()));
    total(html, "failed tasks", Integer.toString(data.failed().size()));
    html.append("</div>\n");
  }

  private static void total(StringBuilder html, String label, String value) {
    html.append("<div><b>").append(Html.escape(value)).append("</b>").append(Html.escape(label)).append("</div>\n");
  }

  private static void figure(StringBuilder html, ReportFigure figure) {
    html.append("<section>\n<h2>").append(Html.escape(figure.title())).append("</h2>\n<figure>\n");
    figure.svg().ifPresent(svg -> html.append(svg).append('\n'));
    html.append("<figcaption>").append(Html.escape(figure.caption())).append("</figcaption>\n</figure>\n");
    if (!figure.rows().isEmpty()) {
      html.append("<details><summary>the numbers</summary>\n");
      table(html, figure.header(), figure.rows(), -1);
      html.append("</details>\n");
    }
    html.append("</section>\n");
  }

  private static void failed(StringBuilder html, List<FailedTask> failed) {
    html.append("<section>\n<h2>Failed tasks</h2>\n");
    if (failed.isEmpty()) {
      html.append("<p>Every task passed its hidden tests.</p>\n</section>\n");
      return;
    }
    html.append("<p class=\"muted\">").append(failed.size()).append(" task results did not pass every hidden test."
        + "</p>\n");
    List<List<String>> rows = failed.stream().map(f -> List.of(f.run(), f.row().taskName().isEmpty()
        ? f.row().taskId() : f.row().taskName(), f.row().difficulty(), Integer.toString(f.row().attempts()),
        f.error())).toList();
    table(html, List.of("run", "task", "difficulty", "attempts", "error"), rows, 4);
    html.append("</section>\n");
  }

  /** A table of plain text; the column {@code errorColumn} (or none, -1) is shown as an error. */
  private static void table(StringBuilder html, List<String> header, List<List<String>> rows, int errorColumn) {
    html.append("<table>\n<tr>");
    header.forEach(h -> html.append("<th>").append(Html.escape(h)).append("</th>"));
    html.append("</tr>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        html.append(i == errorColumn ? "<td class=\"error\">" : "<td>").append(Html.escape(row.get(i)))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }
}
