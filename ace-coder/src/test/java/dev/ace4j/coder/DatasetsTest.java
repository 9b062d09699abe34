package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HumanEval and MBPP files read into tasks, and the malformed ones refused in one line naming the line. */
class DatasetsTest {
  private static final String ADD = "{\"task_id\": \"HumanEval/53\", \"prompt\": \"def add(x: int, y: int):\\n"
      + "    \\\"\\\"\\\"Add two numbers.\\\"\\\"\\\"\\n\", \"canonical_solution\": \"    return x + y\\n\", "
      + "\"test\": \"\\n\\ndef check(candidate):\\n    assert candidate(2, 3) == 5\\n\", \"entry_point\": \"add\"}";
  private static final String MBPP = "{\"task_id\": 3, \"text\": \"Identify non-prime numbers.\", \"code\": "
      + "\"import math\\ndef is_not_prime(n):\\n    return n == 1 or any(n % i == 0 for i in range(2, n))\", "
      + "\"test_imports\": [\"import math\"], \"test_list\": [\"assert is_not_prime(1) == True\", "
      + "\"assert is_not_prime(37) == False\"]}";

  private static final String IO = "{\"task_id\": \"sum\", \"prompt\": \"Add two integers.\", \"solution\": "
      + "\"print(sum(map(int, input().split())))\", \"tests\": [{\"input\": \"2 3\\n\", \"output\": \"5\\n\"}, "
      + "{\"input\": \"1 1\", \"output\": \"2\"}]}";

  @TempDir Path dir;

  @Test
  void readsHumanEvalFromPlainAndGzippedJsonLinesAlike() throws IOException {
    Path plain = Files.writeString(dir.resolve("he.jsonl"), ADD + "\n\n" + ADD.replace("HumanEval/53", "HumanEval/54")
        + "\n");
    Path gzipped = gzip(dir.resolve("he.jsonl.gz"), Files.readAllBytes(plain));

    List<CodeTask> tasks = Datasets.humanEval(plain);

    assertThat(Datasets.humanEval(gzipped)).isEqualTo(tasks);
    assertThat(tasks).extracting(CodeTask::id).containsExactly("HumanEval/53", "HumanEval/54");
    CodeTask add = tasks.get(0);
    assertThat(add.referenceSolution()).contains("def add(x: int, y: int):\n    \"\"\"Add two numbers.\"\"\"\n"
        + "    return x + y\n");
    assertThat(add.prompt()).contains("Complete the Python function add", "def add(x: int, y: int):");
    assertThat(add.hiddenTests()).as("the prompt's helpers beside the checks, the program's function under test")
        .startsWith("def add(x: int, y: int):\n    \"\"\"Add two numbers.\"\"\"\n    pass\n")
        .contains("from solution import add\n", "def check(candidate):",
            "\ndef test_check():\n    check(add)\n");
    assertThat(add.scored()).isTrue();
  }

  @Test
  void readsMbppFromAJsonArrayOrJsonLinesWithOneHiddenTestPerAssert() throws IOException {
    Path lines = Files.writeString(dir.resolve("mbpp.jsonl"), MBPP + "\n");
    Path array = Files.writeString(dir.resolve("mbpp.json"), "[\n" + MBPP + "\n]\n");

    CodeTask task = Datasets.mbpp(lines).get(0);

    assertThat(Datasets.mbpp(array)).containsExactly(task);
    assertThat(task.id()).isEqualTo("mbpp/3");
    assertThat(task.prompt()).contains("Identify non-prime numbers.", "is_not_prime", "assert is_not_prime(1)");
    assertThat(task.hiddenTests()).startsWith("import math\nfrom solution import is_not_prime\n")
        .contains("def test_case_0():\n    assert is_not_prime(1) == True\n",
            "def test_case_1():\n    assert is_not_prime(37) == False\n");
    assertThat(task.referenceSolution()).hasValueSatisfying(code -> assertThat(code).startsWith("import math"));
  }

  @Test
  void readsIoProblemsFromPlainAndGzippedJsonLinesWithOneCasePerTest() throws IOException {
    Path plain = Files.writeString(dir.resolve("io.jsonl"), IO + "\n" + IO.replace("\"sum\"", "\"unsolved\"")
        .replaceAll(", \"solution\": \"[^\"]*\"", "") + "\n");
    Path gzipped = gzip(dir.resolve("io.jsonl.gz"), Files.readAllBytes(plain));

    List<CodeTask> tasks = Datasets.io(plain, 1e-6);

    assertThat(Datasets.io(gzipped, 1e-6)).isEqualTo(tasks);
    CodeTask sum = tasks.get(0);
    assertThat(sum.id()).isEqualTo("sum");
    assertThat(sum.prompt()).startsWith("Add two integers.").contains("standard input");
    assertThat(sum.ioTests()).containsExactly(new IoTest("2 3\n", "5\n", 1e-6), new IoTest("1 1", "2", 1e-6));
    assertThat(sum.referenceSolution()).contains("print(sum(map(int, input().split())))");
    assertThat(sum.scored()).isTrue();
    assertThat(tasks.get(1).referenceSolution()).as("solution is optional").isEmpty();
  }

  @Test
  void refusesMalformedFilesInOneLineNamingTheFileAndTheLine() throws IOException {
    Path notJson = Files.writeString(dir.resolve("a.jsonl"), ADD + "\n{\"task_id\": \n");
    Path missing = Files.writeString(dir.resolve("b.jsonl"), ADD.replace("\"entry_point\"", "\"entry\"") + "\n");
    Path badEntry = Files.writeString(dir.resolve("c.jsonl"), ADD.replace("\"add\"}", "\"add; import os\"}"));
    Path empty = Files.writeString(dir.resolve("d.jsonl"), "\n\n");
    Path notObject = Files.writeString(dir.resolve("e.jsonl"), "[1, 2]\n");
    Path latin1 = Files.write(dir.resolve("f.jsonl"),
        "{\"task_id\": \"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
    byte[] whole = gzipBytes((ADD + "\n").getBytes(StandardCharsets.UTF_8));
    Path cut = Files.write(dir.resolve("g.jsonl.gz"), Arrays.copyOf(whole, whole.length - 6));
    Path noAsserts = Files.writeString(dir.resolve("h.jsonl"),
        MBPP.replaceAll("\"test_list\": \\[.*\\]", "\"test_list\": []"));

    assertThatThrownBy(() -> Datasets.humanEval(notJson)).isInstanceOf(DatasetException.class)
        .hasMessageStartingWith(notJson + ":2: not valid JSON");
    assertThatThrownBy(() -> Datasets.humanEval(missing)).hasMessage(missing + ":1: field 'entry_point' is missing: "
        + "give it in every record");
    assertThatThrownBy(() -> Datasets.humanEval(badEntry)).hasMessageContaining(badEntry + ":1: entry_point")
        .hasMessageContaining("is not a Python name");
    assertThatThrownBy(() -> Datasets.humanEval(empty)).hasMessageContaining("holds no records");
    assertThatThrownBy(() -> Datasets.mbpp(notObject)).hasMessageContaining("element 1 is not a JSON object");
    assertThatThrownBy(() -> Datasets.humanEval(latin1)).hasMessageContaining("not UTF-8");
    assertThatThrownBy(() -> Datasets.humanEval(cut)).hasMessageContaining(cut + ": cannot read it");
    assertThatThrownBy(() -> Datasets.mbpp(noAsserts)).hasMessageContaining(":1: test_list is empty");
    assertThatThrownBy(() -> Datasets.humanEval(dir.resolve("none.jsonl"))).hasMessageContaining("none.jsonl");
    Path noCases = Files.writeString(dir.resolve("i.jsonl"), IO + "\n" + IO.replaceAll("\\[.*\\]", "[]") + "\n");
    Path badCase = Files.writeString(dir.resolve("j.jsonl"), IO.replace("\"output\": \"2\"", "\"output\": 2"));
    assertThatThrownBy(() -> Datasets.io(noCases, 0)).hasMessage(noCases + ":2: tests is empty: give at least one "
        + "{\"input\", \"output\"} case");
    assertThatThrownBy(() -> Datasets.io(badCase, 0)).hasMessageStartingWith(badCase + ":1: tests[1] is not");
  }

  private static Path gzip(Path file, byte[] content) throws IOException {
    return Files.write(file, gzipBytes(content));
  }

  private static byte[] gzipBytes(byte[] content) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }
}
