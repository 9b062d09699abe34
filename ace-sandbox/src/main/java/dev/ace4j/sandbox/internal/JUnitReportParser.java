package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.TestResult;
import dev.ace4j.sandbox.TestResult.Outcome;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads per-test results from a JUnit XML report, as pytest ({@code --junitxml}), the JUnit Platform console
 * launcher ({@code --reports-dir}) and Node's test runner ({@code --test-reporter=junit}) write it.
 *
 * <p>The report is written by untrusted code, so it is read as hostile: with the JDK's own streaming parser, no
 * document type declaration at all (so no entities, internal or external, and nothing read from the host), a cap
 * of {@value #MAX_RESULTS} results and of {@value #MAX_DEPTH} nested elements. A malformed report, or one with a
 * DOCTYPE, yields no results rather than an exception.
 *
 * <p>Each {@code <testcase>} becomes one result, wherever it is nested: its suite is the {@code classname}
 * attribute, else {@code file}, else the name of the enclosing {@code <testsuite>}; its outcome comes from a
 * {@code <failure>}, {@code <error>} or {@code <skipped>} child (the first failure or error wins over a skip); its
 * message is that child's {@code message} attribute, else the first line of its text.
 */
final class JUnitReportParser {
  /** The most results read from one report; the rest are dropped. */
  static final int MAX_RESULTS = 10_000;
  /** The deepest element nesting read; a deeper report yields nothing. */
  static final int MAX_DEPTH = 256;
  static final int MAX_NAME_CHARS = 1_000;
  static final int MAX_MESSAGE_CHARS = 8_000;

  private static final Pattern COLOUR_SEQUENCE = Pattern.compile("\u001B\\[[0-?]{0,32}[ -/]{0,8}[@-~]");
  private static final Pattern NOT_XML = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]");
  private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(?:\\.\\d{1,12})?");

  private JUnitReportParser() {}

  /** The results in {@code xml}, in document order; empty when it is not a well-formed report without a DTD. */
  static List<TestResult> parse(byte[] xml) {
    if (xml == null || xml.length == 0) {
      return List.of();
    }
    try {
      return read(text(xml));
    } catch (XMLStreamException | RuntimeException e) {
      return List.of();
    }
  }

  private static List<TestResult> read(String xml) throws XMLStreamException {
    XMLStreamReader reader = factory().createXMLStreamReader(new StringReader(xml));
    try {
      return new Collector(reader).collect();
    } finally {
      reader.close();
    }
  }

  private static XMLInputFactory factory() {
    // The JDK's own implementation, whatever else is on the class path.
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setXMLReporter((message, type, info, location) -> { });
    factory.setXMLResolver((publicId, systemId, base, namespace) -> {
      throw new XMLStreamException("external resource refused: " + systemId);
    });
    return factory;
  }

  /**
   * The report as text. Every runner here writes UTF-8; invalid sequences become replacement characters rather than
   * costing the whole report. Node 20 also writes test output unescaped, control characters included, which XML 1.0
   * forbids, so terminal colour sequences are dropped and other forbidden characters become {@code ?}.
   */
  private static String text(byte[] xml) {
    boolean utf16 = xml.length >= 2
        && (xml[0] == (byte) 0xFE && xml[1] == (byte) 0xFF || xml[0] == (byte) 0xFF && xml[1] == (byte) 0xFE);
    String text = new String(xml, utf16 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
    text = COLOUR_SEQUENCE.matcher(text).replaceAll("");
    return NOT_XML.matcher(text).replaceAll("?");
  }

  /** Walks the document once, keeping the enclosing suites and the test case being read. */
  private static final class Collector {
    private final XMLStreamReader reader;
    private final List<TestResult> results = new ArrayList<>();
    private final Deque<String> suites = new ArrayDeque<>();
    private int depth;
    private @Nullable Case current;

    Collector(XMLStreamReader reader) {
      this.reader = reader;
    }

    List<TestResult> collect() throws XMLStreamException {
      while (reader.hasNext() && results.size() < MAX_RESULTS) {
        switch (reader.next()) {
          case XMLStreamConstants.DTD -> throw new XMLStreamException("document type declarations are refused");
          case XMLStreamConstants.START_ELEMENT -> start(reader.getLocalName());
          case XMLStreamConstants.END_ELEMENT -> end(reader.getLocalName());
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
          default -> { }
        }
      }
      return List.copyOf(results);
    }

    private void start(String element) throws XMLStreamException {
      if (++depth > MAX_DEPTH) {
        throw new XMLStreamException("elements nested deeper than " + MAX_DEPTH);
      }
      if (current != null) {
        current.startChild(element, depth, attribute("message"));
      } else if (element.equals("testsuite")) {
        suites.push(capped(attribute("name"), MAX_NAME_CHARS));
      } else if (element.equals("testcase")) {
        String suite = firstNonBlank(attribute("classname"), attribute("file"), suites.isEmpty() ? "" : suites.peek());
        current = new Case(capped(suite, MAX_NAME_CHARS), capped(attribute("name"), MAX_NAME_CHARS),
            seconds(attribute("time")), depth);
      }
    }

    private void end(String element) {
      if (current != null && depth == current.depth) {
        results.add(current.result());
        current = null;
      } else if (current != null) {
        current.endChild(depth);
      } else if (element.equals("testsuite") && !suites.isEmpty()) {
        suites.pop();
      }
      depth--;
    }

    private void text() {
      if (current != null && current.wantsText(depth)) {
        current.appendText(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
      }
    }

    private String attribute(String name) {
      String value = reader.getAttributeValue(null, name);
      return value == null ? "" : value;
    }
  }

  /** One {@code <testcase>} while it is read. */
  private static final class Case {
    private final String suite;
    private final String name;
    private final Duration duration;
    private final int depth;
    private Outcome outcome = Outcome.PASSED;
    private String message = "";
    private int outcomeDepth = -1;
    private final StringBuilder text = new StringBuilder();

    Case(String suite, String name, Duration duration, int depth) {
      this.suite = suite;
      this.name = name;
      this.duration = duration;
      this.depth = depth;
    }

    void startChild(String element, int childDepth, String messageAttribute) {
      if (childDepth != depth + 1) {
        return;
      }
      Outcome found = switch (element) {
        case "failure" -> Outcome.FAILED;
        case "error" -> Outcome.ERROR;
        case "skipped" -> Outcome.SKIPPED;
        default -> null;
      };
      // The first failure or error decides; a skip decides only while nothing else has.
      if (found != null && (outcome == Outcome.PASSED || outcome == Outcome.SKIPPED && found != Outcome.SKIPPED)) {
        outcome = found;
        message = capped(messageAttribute.strip(), MAX_MESSAGE_CHARS);
        outcomeDepth = childDepth;
        text.setLength(0);
      }
    }

    void endChild(int childDepth) {
      if (childDepth == outcomeDepth) {
        outcomeDepth = -1;
      }
    }

    boolean wantsText(int textDepth) {
      return textDepth == outcomeDepth && message.isEmpty() && text.length() < MAX_MESSAGE_CHARS;
    }

    void appendText(char[] characters, int start, int length) {
      text.append(characters, start, Math.min(length, MAX_MESSAGE_CHARS - text.length()));
    }

    TestResult result() {
      return new TestResult(suite, name, outcome, message.isEmpty() ? firstLine(text) : message, duration);
    }
  }

  private static String firstLine(CharSequence text) {
    for (String line : text.toString().split("\n")) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }

  /** A {@code time} attribute in seconds; zero when absent or not a plain decimal number. */
  static Duration seconds(String time) {
    String text = time.strip();
    if (!SECONDS.matcher(text).matches()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(new BigDecimal(text).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValue());
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (!value.isBlank()) {
        return value;
      }
    }
    return "";
  }

  private static String capped(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
