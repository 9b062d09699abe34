package dev.ace4j.coder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.sandbox.Language;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The standard code-generation datasets as {@link CodeTask}s, scored like the built-in benchmark: the checks run on
 * the tests' side of a sealed suite and call the program across the seal, so a program that ends itself early, with
 * status 0 or not, fails rather than passes. The datasets are not shipped; give their files.
 *
 * <ul>
 *   <li>HumanEval (JSON lines, plain or {@code .gz}): {@code task_id}, {@code prompt}, {@code canonical_solution},
 *       {@code test} (defining {@code check(candidate)}), {@code entry_point}. The reference solution is the prompt
 *       and the canonical solution; the hidden test calls {@code check} on the program's {@code entry_point}, with
 *       the prompt's own helpers defined beside it.
 *   <li>MBPP (a JSON array or JSON lines, plain or {@code .gz}): {@code task_id}, {@code prompt} or {@code text},
 *       {@code code}, {@code test_imports}, {@code test_list} (assert statements). Each assert is a hidden test.
 *   <li>I/O problems, the format of APPS, CodeContests and LiveCodeBench (JSON lines, plain or {@code .gz}):
 *       {@code task_id}, {@code prompt}, optional {@code solution}, {@code tests} (a list of {@code {input, output}}).
 *       The program reads stdin; each case is one run, its stdout compared on the host (see {@link IoTest}).
 * </ul>
 */
public final class Datasets {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEFINITION = Pattern.compile("(?m)^(?:def|class)\\s+([A-Za-z_]\\w*)");

  private Datasets() {}

  /**
   * The problems of a HumanEval file.
   *
   * @throws DatasetException naming the file, the line and the fix when it cannot be read or a record is malformed
   */
  public static List<CodeTask> humanEval(Path file) {
    List<CodeTask> tasks = new ArrayList<>();
    for (Record record : records(file)) {
      String entry = record.text("entry_point");
      if (!entry.matches("[A-Za-z_]\\w*")) {
        throw record.problem("entry_point '" + entry + "' is not a Python name: give the function to check");
      }
      String prompt = record.text("prompt");
      String hidden = prompt.stripTrailing() + "\n    pass\n\n\nfrom solution import " + entry + "\n\n"
          + record.text("test").strip() + "\n\n\ndef test_check():\n    check(" + entry + ")\n";
      tasks.add(task(record, record.text("task_id"), "Complete the Python function " + entry + " below. Write the "
          + "whole module: the imports, the function with this signature and docstring, and any helpers it uses.\n\n"
          + prompt, "def " + entry, hidden, prompt + record.text("canonical_solution"), prompt));
    }
    return tasks;
  }

  /**
   * The problems of an MBPP file.
   *
   * @throws DatasetException naming the file, the line and the fix when it cannot be read or a record is malformed
   */
  public static List<CodeTask> mbpp(Path file) {
    List<CodeTask> tasks = new ArrayList<>();
    for (Record record : records(file)) {
      String code = record.text("code");
      Set<String> names = new LinkedHashSet<>();
      Matcher definition = DEFINITION.matcher(code);
      while (definition.find()) {
        names.add(definition.group(1));
      }
      if (names.isEmpty()) {
        throw record.problem("code defines no function or class for the tests to call: give the reference code");
      }
      List<String> asserts = record.strings("test_list");
      if (asserts.isEmpty()) {
        throw record.problem("test_list is empty: give the assert statements that check the code");
      }
      StringBuilder hidden = new StringBuilder();
      record.strings("test_imports").forEach(line -> hidden.append(line).append('\n'));
      hidden.append("from solution import ").append(String.join(", ", names)).append("\n");
      for (int i = 0; i < asserts.size(); i++) {
        hidden.append("\n\ndef test_case_").append(i).append("():\n    ").append(asserts.get(i).strip()).append('\n');
      }
      String text = record.json.hasNonNull("prompt") ? record.text("prompt") : record.text("text");
      String prompt = text.strip() + "\nWrite it in Python as " + String.join(", ", names)
          + ". Your code should pass this test:\n" + asserts.get(0).strip();
      tasks.add(task(record, "mbpp/" + record.json.path("task_id").asText(), prompt,
          "def " + names.iterator().next(), hidden.toString(), code, ""));
    }
    return tasks;
  }

  /**
   * The problems of an I/O file, their outputs compared with {@code floatTolerance} (0: exactly). A record without
   * {@code solution} has no reference solution, so {@code --model reference} refuses the file.
   *
   * @throws DatasetException naming the file, the line and the fix when it cannot be read or a record is malformed
   */
  public static List<CodeTask> io(Path file, double floatTolerance) {
    List<CodeTask> tasks = new ArrayList<>();
    for (Record record : records(file)) {
      String id = record.text("task_id");
      if (id.isBlank()) {
        throw record.problem("task_id is missing: give each record its id");
      }
      List<IoTest> cases = new ArrayList<>();
      List<JsonNode> tests = record.list("tests");
      for (int i = 0; i < tests.size(); i++) {
        JsonNode test = tests.get(i);
        if (!test.path("input").isTextual() || !test.path("output").isTextual()) {
          throw record.problem("tests[" + i + "] is not {\"input\": text, \"output\": text}: give each case its "
              + "stdin and expected stdout as strings");
        }
        cases.add(new IoTest(test.get("input").asText(), test.get("output").asText(), floatTolerance));
      }
      if (cases.isEmpty()) {
        throw record.problem("tests is empty: give at least one {\"input\", \"output\"} case");
      }
      Optional<String> solution = record.json.hasNonNull("solution") ? Optional.of(record.text("solution"))
          : Optional.empty();
      String prompt = record.text("prompt").strip() + "\n\nWrite a Python program that reads the input from standard "
          + "input and prints the answer to standard output.";
      tasks.add(new CodeTask(id, id, "", prompt, Language.PYTHON, "", "", "", solution, Difficulty.MEDIUM, List.of(),
          List.of(), List.of(), cases, ""));
    }
    return tasks;
  }

  private static CodeTask task(Record record, String id, String prompt, String signature, String hiddenTests,
      String reference, String completionPrefix) {
    if (id.isBlank() || id.endsWith("/")) {
      throw record.problem("task_id is missing: give each record its id");
    }
    return new CodeTask(id, id, "", prompt, Language.PYTHON, signature, "", hiddenTests, Optional.of(reference),
        Difficulty.MEDIUM, List.of(), List.of(), List.of(), List.of(), completionPrefix);
  }

  /** One record of a dataset file and where it is, for errors that name the line. */
  private record Record(Path file, int line, JsonNode json) {
    String text(String field) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        throw problem("field '" + field + "' is missing: give it in every record");
      }
      if (!value.isTextual() && !value.isNumber()) {
        throw problem("field '" + field + "' is not text: give it as a string");
      }
      return value.asText();
    }

    /** The elements of the array {@code field}; none when it is absent. */
    List<JsonNode> list(String field) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        throw problem("field '" + field + "' is not a list: give a JSON array");
      }
      List<JsonNode> items = new ArrayList<>();
      value.forEach(items::add);
      return items;
    }

    List<String> strings(String field) {
      List<String> strings = new ArrayList<>();
      list(field).forEach(item -> {
        if (!item.isTextual()) {
          throw problem("field '" + field + "' holds " + item.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", not a string: give strings only");
        }
        strings.add(item.asText());
      });
      return strings;
    }

    DatasetException problem(String what) {
      return new DatasetException(file + ":" + line + ": " + what);
    }
  }

  /** The records of {@code file}: a JSON array (one per element) or JSON lines (blank lines skipped). */
  private static List<Record> records(Path file) {
    String text = text(file);
    List<Record> records = new ArrayList<>();
    if (text.stripLeading().startsWith("[")) {
      try {
        JsonNode array = JSON.readTree(text);
        for (int i = 0; i < array.size(); i++) {
          records.add(new Record(file, i + 1, object(array.get(i), file, "element " + (i + 1))));
        }
      } catch (JsonProcessingException e) {
        throw new DatasetException(file + ":" + e.getLocation().getLineNr() + ": not valid JSON ("
            + e.getOriginalMessage() + "): give a JSON array of records, or one record per line");
      }
    } else {
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        try {
          records.add(new Record(file, i + 1, object(JSON.readTree(lines[i]), file, "line " + (i + 1))));
        } catch (JsonProcessingException e) {
          throw new DatasetException(file + ":" + (i + 1) + ": not valid JSON (" + e.getOriginalMessage()
              + "): give one JSON record per line");
        }
      }
    }
    if (records.isEmpty()) {
      throw new DatasetException(file + ": holds no records: give a dataset file with at least one problem");
    }
    return records;
  }

  private static JsonNode object(JsonNode node, Path file, String where) {
    if (node == null || !node.isObject()) {
      throw new DatasetException(file + ": " + where + " is not a JSON object: give one record per "
          + (where.startsWith("line") ? "line" : "element"));
    }
    return node;
  }

  /** The file's text: UTF-8, gunzipped when it is gzip (by its magic bytes, whatever its name). */
  static String text(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
        try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = gunzip.readAllBytes();
        }
      }
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new DatasetException(file + ": not UTF-8 text: give the dataset as UTF-8 JSON");
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read it (" + e + "): check the path, and that a .gz file is whole");
    }
  }
}
