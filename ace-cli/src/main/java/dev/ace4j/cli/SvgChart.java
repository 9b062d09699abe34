package dev.ace4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * An XChart chart as an SVG element to inline in a page: no XML prolog, no namespace URLs (the page must not refer
 * to the network, and HTML needs none), ids made unique per chart, and its text and axes in the page's
 * {@code currentColor}, so that one drawing reads on a light page and on a dark one.
 */
final class SvgChart {
  /** Series colours of middle lightness: they read on white and on near-black alike. */
  static final Color[] SERIES = {new Color(0x3b82f6), new Color(0xf59e0b), new Color(0x10b981),
      new Color(0xef4444), new Color(0x8b5cf6)};
  /** Drawn for text and axes, then replaced by {@code currentColor}; no series uses it. */
  private static final Color INK = new Color(1, 2, 3);
  private static final String INK_SVG = "rgb(1,2,3)";
  private static final Color GRID = new Color(128, 128, 128, 70);
  private static final Color NONE = new Color(0, 0, 0, 0);

  private SvgChart() {}

  /** Applies the report's look to {@code styler}: transparent background, page-coloured ink, legend below. */
  static void style(AxesChartStyler styler) {
    styler.setChartTitleVisible(false);
    styler.setChartBackgroundColor(NONE);
    styler.setPlotBackgroundColor(NONE);
    styler.setPlotBorderVisible(false);
    styler.setLegendBackgroundColor(NONE);
    styler.setLegendBorderColor(NONE);
    styler.setLegendPosition(LegendPosition.OutsideS);
    styler.setChartFontColor(INK);
    styler.setAxisTickLabelsColor(INK);
    styler.setAxisTickMarksColor(INK);
    styler.setXAxisTitleColor(INK);
    styler.setYAxisTitleColor(INK);
    styler.setPlotGridLinesColor(GRID);
    styler.setPlotGridLinesStroke(new BasicStroke(1f));
    styler.setSeriesColors(SERIES);
    styler.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
  }

  /**
   * Writes each bar's value on it, in {@code pattern} ({@link java.text.DecimalFormat}), white on the series colour:
   * the number reads at a glance, also where the axis has few ticks (XChart draws only two when all bars are equal).
   */
  static void labelBars(CategoryStyler styler, String pattern) {
    styler.setLabelsVisible(true);
    styler.setLabelsFontColorAutomaticEnabled(false);
    styler.setLabelsFontColor(Color.WHITE);
    styler.setLabelsFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    styler.setDecimalPattern(pattern);
    styler.setAvailableSpaceFill(0.6);
  }

  /**
   * {@code chart} as an {@code <svg>} element whose first child is {@code <title>}{@code title}; {@code index} makes
   * its ids unique in the page.
   */
  static String render(Chart<?, ?> chart, String title, int index) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw the chart " + title, e);
    }
    String svg = bytes.toString(StandardCharsets.UTF_8);
    svg = svg.substring(svg.indexOf("<svg"));
    String prefix = "c" + index + "-";
    svg = svg.replaceAll("\\s+xmlns(:\\w+)?=\"[^\"]*\"", "")
        .replaceFirst("\\s+width=\"[^\"]*\"", "")
        .replaceFirst("\\s+height=\"[^\"]*\"", "")
        .replace("id=\"", "id=\"" + prefix)
        .replace("url(#", "url(#" + prefix)
        .replace(INK_SVG, "currentColor");
    int end = svg.indexOf('>') + 1;
    return svg.substring(0, end - 1) + " class=\"chart\" role=\"img\">" + "<title>" + Html.escape(title)
        + "</title>" + svg.substring(end);
  }
}
