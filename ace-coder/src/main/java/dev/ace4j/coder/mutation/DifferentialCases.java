package dev.ace4j.coder.mutation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a module does on generated inputs, as a pytest file that checks another version of it against that: for each
 * public top-level function, every value of a fixed pool and every constant of the module (and its neighbours) in
 * each parameter, then seeded draws fitted to the annotations; the module called on each, and what it returned (a
 * value Python writes as a literal) or raised (the exception's type) kept as a case. Made by {@code _ace_cases.py}
 * in the sandbox, which runs the module there; the tests run sealed against the other version, so it cannot reach
 * them, and fail naming the call: {@code grade(80): the original returned 'B', the refactored one returned 'C'}.
 *
 * @param count how many cases there are
 * @param tests the pytest file, importing the version under test as {@code solution}
 * @param lines the module's lines the cases ran
 */
public record DifferentialCases(int count, String tests, Set<Integer> lines) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAKER = "_ace_cases.py";
  private static final String MAKER_SOURCE = resource(MAKER);

  public DifferentialCases {
    lines = Set.copyOf(lines);
  }

  /**
   * The cases of {@code module}, made in {@code sandbox}.
   *
   * @throws MutationException when the module does not import, naming the error
   */
  public static DifferentialCases of(Sandbox sandbox, String module) {
    Execution made = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON,
        "import _ace_cases\n_ace_cases.main()\n").file(MAKER, MAKER_SOURCE).file("original.py", module).build());
    JsonNode json;
    try {
      json = JSON.readTree(made.stdout().text());
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      String why = made.status() == Status.OK ? made.stderr().text().strip() : made.status().id();
      throw new MutationException("the module could not be run on generated inputs (" + why.lines()
          .reduce((first, last) -> last).orElse("no output") + "): check that it imports without error");
    }
    if (json.has("error")) {
      throw new MutationException(json.get("error").asText() + ": fix it first");
    }
    Set<Integer> lines = new TreeSet<>();
    json.path("lines").forEach(line -> lines.add(line.asInt()));
    return new DifferentialCases(json.path("cases").asInt(), json.path("tests").asText(), lines);
  }

  private static String resource(String name) {
    try (InputStream in = DifferentialCases.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
