package dev.ace4j.cli;

import dev.ace4j.cli.ReportData.RunStats;
import dev.ace4j.coder.history.BulletEffectiveness;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.core.Playbook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The charts of {@code ace report}, each with its numbers, drawn from a {@link ReportData}. */
final class ReportCharts {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 340;
  private static final int SHOWN_BULLETS = 8;
  private static final List<String> DIFFICULTIES = List.of("easy", "medium", "hard");

  private final ReportData data;
  private final List<ReportFigure> figures = new ArrayList<>();

  private ReportCharts(ReportData data) {
    this.data = data;
  }

  /** Every chart, in the order the page shows them. */
  static List<ReportFigure> of(ReportData data) {
    ReportCharts charts = new ReportCharts(data);
    charts.passRateByRun();
    charts.firstAttemptByRun();
    charts.successByDifficulty();
    charts.attemptsToSuccess();
    charts.tokensByRun();
    charts.costByRun();
    charts.playbookSize();
    charts.bulletsBySection();
    charts.bullets("Most helpful bullets", Comparator.comparingInt(BulletEffectiveness::helpful),
        BulletEffectiveness::helpful, "helpful");
    charts.bullets("Most harmful bullets", Comparator.comparingInt(BulletEffectiveness::harmful),
        BulletEffectiveness::harmful, "harmful");
    return List.copyOf(charts.figures);
  }

  private void passRateByRun() {
    List<RunStats> runs = data.runs();
    CategoryChart chart = categoryChart("run", "% of the run's tasks");
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
    // Lines of one run at one x: XChart otherwise shifts each series sideways as it does bars.
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setYAxisDecimalPattern("#'%'");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    List<String> labels = runs.stream().map(RunStats::label).toList();
    chart.addSeries("passed every hidden test", labels, runs.stream().map(r -> percent(r.hidden(), r.tasks())).toList());
    chart.addSeries("last attempt passed the visible tests", labels,
        runs.stream().map(r -> percent(r.visible(), r.tasks())).toList());
    add("Pass rate by run", "The learning curve: the share of each run's tasks whose program passed every hidden "
        + "test (the score, never shown to the learner) and whose last attempt passed the visible tests.", chart,
        List.of("run", "tasks", "hidden passed", "hidden %", "visible passed", "visible %"),
        runs.stream().map(r -> List.of(r.label(), count(r.tasks()), count(r.hidden()), percentText(r.hidden(),
            r.tasks()), count(r.visible()), percentText(r.visible(), r.tasks()))).toList());
  }

  private void firstAttemptByRun() {
    List<RunStats> runs = data.runs();
    CategoryChart chart = categoryChart("run", "% of the run's tasks");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setLegendVisible(false);
    SvgChart.labelBars(chart.getStyler(), "#.#'%'");
    chart.addSeries("first attempt passed the visible tests", runs.stream().map(RunStats::label).toList(),
        runs.stream().map(r -> percent(r.firstAttempt(), r.tasks())).toList());
    add("First-attempt pass rate by run", "The share of each run's tasks whose first program passed the visible "
        + "tests: what the playbook gave the generator before any reflection.", chart,
        List.of("run", "tasks", "first attempt passed", "%"),
        runs.stream().map(r -> List.of(r.label(), count(r.tasks()), count(r.firstAttempt()),
            percentText(r.firstAttempt(), r.tasks()))).toList());
  }

  private void successByDifficulty() {
    Map<String, int[]> counts = new TreeMap<>(Comparator.comparingInt((String d) -> DIFFICULTIES.contains(d)
        ? DIFFICULTIES.indexOf(d) : DIFFICULTIES.size()).thenComparing(d -> d));
    data.rows().forEach(row -> {
      int[] c = counts.computeIfAbsent(row.difficulty().isEmpty() ? "(none)" : row.difficulty(), d -> new int[2]);
      c[0] += row.success() ? 1 : 0;
      c[1]++;
    });
    CategoryChart chart = categoryChart("difficulty", "% of tasks that passed the hidden tests");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setLegendVisible(false);
    SvgChart.labelBars(chart.getStyler(), "#.#'%'");
    chart.addSeries("passed every hidden test", List.copyOf(counts.keySet()),
        counts.values().stream().map(c -> percent(c[0], c[1])).toList());
    add("Success by difficulty", "Every selected task result, by the task's difficulty.", chart,
        List.of("difficulty", "tasks", "passed", "%"), counts.entrySet().stream().map(e -> List.of(e.getKey(),
            count(e.getValue()[1]), count(e.getValue()[0]), percentText(e.getValue()[0], e.getValue()[1]))).toList());
  }

  private void attemptsToSuccess() {
    List<TaskRow> passed = data.rows().stream().filter(TaskRow::success).toList();
    String caption = "How many generations the tasks that passed their hidden tests took.";
    if (passed.isEmpty()) {
      notCharted("Attempts to success", caption, "no task passed its hidden tests");
      return;
    }
    int most = passed.stream().mapToInt(TaskRow::attempts).max().orElse(1);
    List<String> attempts = IntStream.rangeClosed(1, Math.max(1, most)).mapToObj(ReportCharts::count).toList();
    List<Integer> tasks = IntStream.rangeClosed(1, Math.max(1, most))
        .mapToObj(n -> (int) passed.stream().filter(r -> r.attempts() == n).count()).toList();
    CategoryChart chart = categoryChart("attempts", "tasks that passed the hidden tests");
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisDecimalPattern("#");
    SvgChart.labelBars(chart.getStyler(), "#");
    chart.addSeries("tasks", attempts, tasks);
    add("Attempts to success", caption, chart, List.of("attempts", "tasks"),
        IntStream.range(0, attempts.size()).mapToObj(i -> List.of(attempts.get(i), count(tasks.get(i)))).toList());
  }

  private void tokensByRun() {
    List<RunStats> runs = data.runs();
    String caption = "Tokens sent to and received from the model, over every role (generator, reflector, curator).";
    if (runs.stream().allMatch(r -> r.inputTokens() == 0 && r.outputTokens() == 0)) {
      notCharted("Tokens per run", caption, "no run used a token (the offline reference model uses none)");
      return;
    }
    List<String> labels = runs.stream().map(RunStats::label).toList();
    CategoryChart chart = categoryChart("run", "tokens");
    chart.getStyler().setYAxisDecimalPattern("#,###");
    SvgChart.labelBars(chart.getStyler(), "#,###");
    chart.addSeries("input", labels, runs.stream().map(RunStats::inputTokens).toList());
    chart.addSeries("output", labels, runs.stream().map(RunStats::outputTokens).toList());
    add("Tokens per run", caption, chart, List.of("run", "input tokens", "output tokens"),
        runs.stream().map(r -> List.of(r.label(), Long.toString(r.inputTokens()), Long.toString(r.outputTokens())))
            .toList());
  }

  private void costByRun() {
    List<RunStats> runs = data.runs();
    if (runs.stream().allMatch(r -> r.knownCostUsd().signum() == 0)) {
      notCharted("Cost per run", "The known cost of each run's model calls.", "no run has a known cost above 0 USD"
          + (runs.stream().anyMatch(r -> r.unknownCost() > 0) ? " (some prices are unknown)" : ""));
      return;
    }
    CategoryChart chart = categoryChart("run", "cost (USD)");
    chart.getStyler().setLegendVisible(false);
    SvgChart.labelBars(chart.getStyler(), "0.####");
    chart.addSeries("known cost", runs.stream().map(RunStats::label).toList(),
        runs.stream().map(r -> r.knownCostUsd().doubleValue()).toList());
    int unknown = runs.stream().mapToInt(RunStats::unknownCost).sum();
    add("Cost per run", "The known cost of each run's model calls" + (unknown == 0 ? "."
        : "; the price of " + unknown + " task results is unknown and they are left out, never guessed."), chart,
        List.of("run", "known cost (USD)", "tasks of unknown cost"),
        runs.stream().map(r -> List.of(r.label(), r.knownCostUsd().toPlainString(), count(r.unknownCost())))
            .toList());
  }

  private void playbookSize() {
    Map<Long, Integer> sizes = new TreeMap<>();
    data.rows().forEach(row -> sizes.put(row.playbookVersion(), row.playbookSize()));
    String caption = "Active bullets after each task, by the playbook version the task left; the versions between "
        + "two tasks (rollbacks, edits by hand) are not in the history.";
    if (sizes.values().stream().allMatch(size -> size == 0)) {
      notCharted("Playbook size by version", caption, "the playbook held no active bullet after any task");
      return;
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle("playbook version")
        .yAxisTitle("active bullets").build();
    SvgChart.style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setYAxisDecimalPattern("#");
    chart.getStyler().setYAxisMin(0.0);
    chart.addSeries("active bullets", List.copyOf(sizes.keySet()), List.copyOf(sizes.values()));
    add("Playbook size by version", caption, chart,
        List.of("version", "active bullets"),
        sizes.entrySet().stream().map(e -> List.of(Long.toString(e.getKey()), count(e.getValue()))).toList());
  }

  private void bulletsBySection() {
    String title = "Playbook bullets by section";
    if (data.playbook().isEmpty() || data.playbook().get().active().isEmpty()) {
      notCharted(title, "The active bullets of the playbook, by section.", data.playbook().isEmpty()
          ? data.playbookNote() : "the playbook has no active bullet");
      return;
    }
    Playbook playbook = data.playbook().get();
    Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
    playbook.bySection().forEach((section, bullets) -> {
      if (!bullets.isEmpty()) {
        sizes.put(section, bullets.size());
      }
    });
    List<String> sections = List.copyOf(sizes.keySet());
    CategoryChart chart = categoryChart("section", "active bullets");
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisDecimalPattern("#");
    SvgChart.labelBars(chart.getStyler(), "#");
    chart.addSeries("active bullets", sections, List.copyOf(sizes.values()));
    add(title, "The active bullets of version " + playbook.version() + " of the " + data.playbookNote() + ".", chart,
        List.of("section", "active bullets"),
        sizes.entrySet().stream().map(e -> List.of(e.getKey(), count(e.getValue()))).toList());
  }

  private void bullets(String title, Comparator<BulletEffectiveness> order, ToIntFunction<BulletEffectiveness> count,
      String verdict) {
    List<BulletEffectiveness> bullets = data.playbook().map(BulletEffectiveness::of).orElse(List.of()).stream()
        .filter(b -> count.applyAsInt(b) > 0).sorted(order.reversed().thenComparing(BulletEffectiveness::bulletId))
        .limit(SHOWN_BULLETS).toList();
    String caption = "The reflector's helpful and harmful verdicts on the bullets the generator cited.";
    if (bullets.isEmpty()) {
      notCharted(title, caption, data.playbook().isEmpty() ? data.playbookNote()
          : "no bullet was called " + verdict + " yet");
      return;
    }
    List<String> ids = bullets.stream().map(BulletEffectiveness::bulletId).toList();
    CategoryChart chart = categoryChart("bullet", "verdicts");
    chart.getStyler().setYAxisDecimalPattern("#");
    chart.getStyler().setXAxisLabelRotation(ids.size() > 4 ? 30 : 0);
    chart.getStyler().setSeriesColors(new java.awt.Color[] {SvgChart.SERIES[2], SvgChart.SERIES[3]});
    SvgChart.labelBars(chart.getStyler(), "#");
    chart.addSeries("helpful", ids, bullets.stream().map(BulletEffectiveness::helpful).toList());
    chart.addSeries("harmful", ids, bullets.stream().map(BulletEffectiveness::harmful).toList());
    add(title, caption, chart, List.of("bullet", "section", "helpful", "harmful", "content"),
        bullets.stream().map(b -> List.of(b.bulletId(), b.section(), count(b.helpful()), count(b.harmful()),
            b.content())).toList());
  }

  /** A figure without a chart, whose caption says why there is none. */
  private void notCharted(String title, String caption, String reason) {
    figures.add(new ReportFigure(title, caption + " Not charted: " + reason + ".", Optional.empty(), List.of(),
        List.of()));
  }

  private static CategoryChart categoryChart(String xTitle, String yTitle) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    SvgChart.style(chart.getStyler());
    return chart;
  }

  private void add(String title, String caption, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart,
      List<String> header, List<List<String>> rows) {
    figures.add(new ReportFigure(title, caption, Optional.of(SvgChart.render(chart, title, figures.size())), header,
        rows));
  }

  private static double percent(int part, int whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  static String percentText(int part, int whole) {
    return String.format(Locale.ROOT, "%.1f%%", percent(part, whole));
  }

  private static String count(int n) {
    return Integer.toString(n);
  }
}
