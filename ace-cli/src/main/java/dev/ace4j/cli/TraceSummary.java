package dev.ace4j.cli;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The spans of a run as an indented tree for {@code --trace}, one line per span: name, duration, status, the
 * span's attributes, then its events (retries, timeouts, fallbacks, exceptions) with theirs. Each trace starts with
 * a line naming its id, to find it in a tracing backend.
 *
 * <pre>
 * ace: trace 5b8aa5a2d2c872e8321cf37308d69df2
 *   sandbox.exec  41.7 ms  ok  ace.sandbox.language=python ace.sandbox.backend=bubblewrap ...
 *     fetch  12.0 ms  error (boom)  | retry{attempt=1, delay_ms=100} | exception{exception.type=...}
 * </pre>
 */
final class TraceSummary {
  /** The ids ace-flow puts on every span: unique per run, so noise in a summary. */
  private static final Set<String> HIDDEN = Set.of("ace.flow.workflow_id", "ace.flow.correlation_id",
      "ace.flow.causation_id", "ace.flow.run_id", "exception.stacktrace");
  private static final int MAX_VALUE = 200;
  private static final Comparator<SpanData> BY_START = Comparator.comparingLong(SpanData::getStartEpochNanos);

  private TraceSummary() {}

  /** The tree's lines, traces in the order they started; no lines when there are no spans. */
  static List<String> lines(Collection<SpanData> spans) {
    Set<String> ids = spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    Map<String, List<SpanData>> children = spans.stream()
        .collect(Collectors.groupingBy(SpanData::getParentSpanId, LinkedHashMap::new, Collectors.toList()));
    List<SpanData> roots = spans.stream().filter(s -> !ids.contains(s.getParentSpanId())).sorted(BY_START).toList();
    List<String> lines = new ArrayList<>();
    String trace = "";
    for (SpanData root : roots) {
      if (!root.getTraceId().equals(trace)) {
        trace = root.getTraceId();
        lines.add("ace: trace " + trace);
      }
      addTree(lines, root, children, 1);
    }
    return lines;
  }

  private static void addTree(List<String> lines, SpanData span, Map<String, List<SpanData>> children, int depth) {
    lines.add("  ".repeat(depth) + line(span));
    children.getOrDefault(span.getSpanId(), List.of()).stream().sorted(BY_START)
        .forEach(child -> addTree(lines, child, children, depth + 1));
  }

  /** E.g. {@code fetch  12.0 ms  error (boom)  k=v | retry{attempt=1}}. */
  static String line(SpanData span) {
    StringBuilder line = new StringBuilder(span.getName())
        .append(String.format(Locale.ROOT, "  %.1f ms  ", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6))
        .append(status(span.getStatus()));
    String attributes = attributes(span.getAttributes(), " ");
    if (!attributes.isEmpty()) {
      line.append("  ").append(attributes);
    }
    for (EventData event : span.getEvents()) {
      line.append(" | ").append(event.getName());
      String eventAttributes = attributes(event.getAttributes(), ", ");
      if (!eventAttributes.isEmpty()) {
        line.append('{').append(eventAttributes).append('}');
      }
    }
    return line.toString();
  }

  private static String status(StatusData status) {
    if (status.getStatusCode() != StatusCode.ERROR) {
      return "ok";
    }
    return status.getDescription().isEmpty() ? "error" : "error (" + oneLine(status.getDescription()) + ")";
  }

  private static String attributes(Attributes attributes, String separator) {
    List<String> parts = new ArrayList<>();
    attributes.forEach((AttributeKey<?> key, Object value) -> {
      if (!HIDDEN.contains(key.getKey())) {
        parts.add(key.getKey() + "=" + oneLine(String.valueOf(value)));
      }
    });
    return String.join(separator, parts);
  }

  /** Keeps the tree one line per span: a multi-line or very long value (an exception message) is folded. */
  private static String oneLine(String text) {
    String folded = text.strip().replaceAll("\\s*\\R\\s*", " ");
    return folded.length() <= MAX_VALUE ? folded : folded.substring(0, MAX_VALUE) + "...";
  }
}
