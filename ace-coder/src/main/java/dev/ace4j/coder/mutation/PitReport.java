package dev.ace4j.coder.mutation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * PIT's XML report ({@code mutations.xml}) read into verdicts. The report comes out of the sandbox, so it is parsed
 * with no DTD and no external entities, and every mutant must lie in the module's file and lines.
 */
final class PitReport {
  /** The test's class and its last segment in a JUnit Platform unique id: {@code [class:CalcTest]/[method:max()]}. */
  private static final Pattern TEST_ID = Pattern.compile("\\[class:([^\\]]+)\\].*\\[[a-z-]+:([^\\]]+)\\]$");

  private PitReport() {}

  /** The report's mutants in line order, each with its verdict, and the number of methods mutated. */
  record Parsed(int methods, List<MutationReport.Result> results) {}

  /**
   * @param xml the report
   * @param fileName the module's file name, as PIT's {@code sourceFile} gives it
   * @param source the module, for the lines quoted in each mutant's diff
   * @throws IllegalStateException when the report is not PIT's XML or names another file or a line the module lacks
   */
  static Parsed parse(byte[] xml, String fileName, String source) {
    List<String> lines = source.lines().toList();
    NodeList mutations = document(xml).getElementsByTagName("mutation");
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < mutations.getLength(); i++) {
      Element mutation = (Element) mutations.item(i);
      String file = text(mutation, "sourceFile");
      int line = lineNumber(text(mutation, "lineNumber"));
      if (!file.equals(fileName) || line < 1 || line > lines.size()) {
        throw new IllegalStateException("PIT's report names " + file + ":" + line + ", which is not a line of "
            + fileName);
      }
      entries.add(new Entry(i, line, mutation));
    }
    entries.sort(Comparator.comparingInt(Entry::line).thenComparingInt(Entry::order));
    List<MutationReport.Result> results = new ArrayList<>();
    for (Entry entry : entries) {
      Element mutation = entry.mutation();
      String method = text(mutation, "mutatedMethod");
      String description = text(mutation, "description");
      Mutant mutant = new Mutant(results.size() + 1, operator(text(mutation, "mutator")), entry.line(), description,
          "", "@@ " + fileName + ":" + entry.line() + ", " + method + ": " + description + " @@\n "
              + lines.get(entry.line() - 1) + "\n");
      results.add(verdict(mutant, mutation));
    }
    long methods = entries.stream().map(e -> text(e.mutation(), "mutatedClass") + "." + text(e.mutation(),
        "mutatedMethod") + text(e.mutation(), "methodDescription")).distinct().count();
    return new Parsed((int) methods, results);
  }

  private record Entry(int order, int line, Element mutation) {}

  /**
   * PIT's status as a verdict: a timeout is counted as killed and reported; a mutant that ran the minion out of
   * memory or broke it is killed, by that; one no test covers is unreached; any other status follows PIT's own
   * {@code detected} flag.
   */
  private static MutationReport.Result verdict(Mutant mutant, Element mutation) {
    String status = mutation.getAttribute("status");
    return switch (status) {
      case "KILLED" -> new MutationReport.Result(mutant, MutationReport.Verdict.KILLED,
          testName(text(mutation, "killingTest")));
      case "TIMED_OUT" -> new MutationReport.Result(mutant, MutationReport.Verdict.TIMED_OUT, "");
      case "SURVIVED" -> new MutationReport.Result(mutant, MutationReport.Verdict.SURVIVED, "");
      case "NO_COVERAGE" -> new MutationReport.Result(mutant, MutationReport.Verdict.UNREACHED, "");
      default -> "true".equals(mutation.getAttribute("detected"))
          ? new MutationReport.Result(mutant, MutationReport.Verdict.KILLED,
              status.toLowerCase(Locale.ROOT).replace('_', ' '))
          : new MutationReport.Result(mutant, MutationReport.Verdict.SURVIVED, "");
    };
  }

  /** {@code org.pitest...mutators.ConditionalsBoundaryMutator} as {@code conditionals boundary}. */
  static String operator(String mutator) {
    String name = mutator.substring(mutator.lastIndexOf('.') + 1).replace("Mutator", "").replace('_', ' ');
    return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).strip();
  }

  /** {@code CalcTest.[engine:junit-jupiter]/[class:CalcTest]/[method:max()]} as {@code CalcTest.max()}. */
  static String testName(String killingTest) {
    Matcher id = TEST_ID.matcher(killingTest);
    return id.find() ? id.group(1) + "." + id.group(2) : killingTest;
  }

  private static String text(Element parent, String tag) {
    NodeList found = parent.getElementsByTagName(tag);
    return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
  }

  private static int lineNumber(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static org.w3c.dom.Document document(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalStateException("PIT's report is not readable XML: " + e.getMessage(), e);
    }
  }
}
