package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input ends with exit code 2 and exactly one line on stderr that names the input. */
class BadInputTest {
  private static final String MISSING = "/nonexistent/ace4j/missing.py";

  @TempDir Path dir;

  static Stream<Arguments> badOptions() {
    return Stream.of(
        bad("unknown language", "ruby", "--lang", "ruby", "--code", "x"),
        bad("missing --lang", "--lang", "--code", "x"),
        bad("missing file", MISSING, "--lang", "python", "--file", MISSING),
        bad("missing tests file", MISSING, "--lang", "python", "--code", "x", "--tests", MISSING),
        bad("missing stdin file", MISSING, "--lang", "python", "--code", "x", "--stdin", MISSING),
        bad("a directory as the file", "--file /tmp", "--lang", "python", "--file", "/tmp"),
        bad("zero timeout", "--timeout 0", "--lang", "python", "--code", "x", "--timeout", "0"),
        bad("absurd timeout", "--timeout 99999h", "--lang", "python", "--code", "x", "--timeout", "99999h"),
        bad("negative memory", "-5m", "--lang", "python", "--code", "x", "--memory", "-5m"),
        bad("malformed memory", "lots", "--lang", "python", "--code", "x", "--memory", "lots"),
        bad("tiny memory", "--memory 1k", "--lang", "python", "--code", "x", "--memory", "1k"),
        bad("zero cpu", "--cpu 0s", "--lang", "python", "--code", "x", "--cpu", "0s"),
        bad("zero processes", "--processes 0", "--lang", "python", "--code", "x", "--processes", "0"),
        bad("malformed processes", "many", "--lang", "python", "--code", "x", "--processes", "many"),
        bad("tiny output limit", "--output-limit 1", "--lang", "python", "--code", "x", "--output-limit", "1"),
        bad("absurd file size", "--file-size 1000g", "--lang", "python", "--code", "x", "--file-size", "1000g"),
        bad("both --file and --code", "--code", "--lang", "python", "--file", MISSING, "--code", "x"),
        bad("no code at all", "--code", "--lang", "python"),
        bad("empty code", "--code", "--lang", "python", "--code", " "),
        bad("a stray argument", "stray", "--lang", "python", "stray"),
        bad("an unknown option", "--frobnicate", "--lang", "python", "--code", "x", "--frobnicate"),
        bad("an unknown sandbox", "chroot", "--lang", "python", "--code", "x", "--sandbox", "chroot"),
        bad("a bad variable name", "1BAD", "--lang", "python", "--code", "x", "--env", "1BAD=x"),
        bad("a variable without a value", "NOVALUE", "--lang", "python", "--code", "x", "--env", "NOVALUE"),
        bad("an absolute output path", "/etc/passwd", "--lang", "python", "--code", "x", "--output", "/etc/passwd"),
        bad("a missing python", "/nonexistent/python3", "--lang", "python", "--code", "x",
            "--python", "/nonexistent/python3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badOptions")
  void exitsTwoWithOneLineNamingTheInput(String what, String named, List<String> args) {
    AceRun run = AceRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("ace: ").contains(named);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void namesAnUnknownOptionRatherThanARequiredOneThatIsMissing() {
    AceRun run = AceRun.of("sandbox", "exec", "--bogus");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("ace: Unknown option: '--bogus'").endsWith("(see `ace sandbox exec --help`)")
        .doesNotContain("--lang");
  }

  @Test
  void suggestsTheOptionAMistypedOneResemblesEvenWhenARequiredOneIsMissing() {
    AceRun exec = AceRun.of("sandbox", "exec", "--outptu", "x.txt");
    AceRun solve = AceRun.of("solve", "--playbok", "book.json");

    assertThat(exec.exitCode()).isEqualTo(2);
    assertThat(exec.errLines()).singleElement().asString()
        .startsWith("ace: Unknown option: '--outptu': did you mean ").contains(" --output ")
        .endsWith("? (see `ace sandbox exec --help`)");
    assertThat(solve.exitCode()).isEqualTo(2);
    assertThat(solve.errLines()).singleElement().asString()
        .contains("'--playbok'", "did you mean --playbook?").doesNotContain("TASK");
  }

  @Test
  void refusesCodeFromStandardInputWhenItIsEmpty() {
    AceRun run = AceRun.withStdin("", "sandbox", "exec", "--lang", "python", "-");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("standard input");
  }

  @Test
  void refusesCodeOverTheFileSizeLimitNamingTheFileTheLimitAndTheFix() throws IOException {
    Path big = Files.writeString(dir.resolve("big.py"), "x = 1\n".repeat(400));

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--file", big.toString(), "--file-size", "1k");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().isEqualTo("ace: --file " + big + " is over the file-size "
        + "limit of 1k (2400 bytes), the largest file the sandbox writes: give a smaller source, or raise the limit "
        + "with --file-size (up to 1g)");
  }

  @Test
  void refusesTwentyMebibytesOfSourceFromAFileUnderTheDefaultLimit() throws IOException {
    Path big = Files.write(dir.resolve("big.py"), twentyMebibytesOfPython());

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--file", big.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("ace: --file " + big + " is over the file-size limit of 16m (20971520 bytes)")
        .contains("--file-size");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void refusesTwentyMebibytesOfSourceOnStandardInput() {
    AceRun run = AceRun.withStdin(new String(twentyMebibytesOfPython(), StandardCharsets.UTF_8),
        "sandbox", "exec", "--lang", "python", "-");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("ace: standard input (-) is over the file-size limit of 16m, ").contains("--file-size");
  }

  @Test
  void refusesCodeAndTestsOverTheLimitNamingTheOptionTheyCameWith() throws IOException {
    Path tests = Files.writeString(dir.resolve("test_big.py"), "def test_x():\n    pass\n" + "#\n".repeat(600));

    AceRun code = AceRun.of("sandbox", "exec", "--lang", "python", "--code", "x = 1\n".repeat(200),
        "--file-size", "1k");
    AceRun suite = AceRun.of("sandbox", "exec", "--lang", "python", "--code", "x = 1", "--tests", tests.toString(),
        "--file-size", "1k");

    assertThat(code.exitCode()).isEqualTo(2);
    assertThat(code.errLines()).singleElement().asString().startsWith("ace: --code is over the file-size limit "
        + "of 1k (1200 bytes)");
    assertThat(suite.exitCode()).isEqualTo(2);
    assertThat(suite.errLines()).singleElement().asString().startsWith("ace: --tests " + tests + " is over the "
        + "file-size limit of 1k");
  }

  @Test
  void stopsReadingAnEndlessDeviceAtTheLimit() {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--file", "/dev/zero", "--file-size", "64k");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .isEqualTo("ace: --file /dev/zero is over the file-size limit of 64k, the largest file the sandbox "
            + "writes: give a smaller source, or raise the limit with --file-size (up to 1g)");
  }

  private static byte[] twentyMebibytesOfPython() {
    String line = "x = 1  # filler\n"; // 16 bytes
    return line.repeat(20 * 1024 * 1024 / line.length())
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void refusesAFileThatIsNotUtf8() throws IOException {
    Path latin1 = Files.write(dir.resolve("latin1.py"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--file", latin1.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains(latin1.toString()).contains("UTF-8");
  }

  @Test
  void exitsTwoWithOneLineWhenBubblewrapIsMissing() throws IOException, InterruptedException {
    // A JVM of its own whose PATH holds no bwrap: the only way to take bubblewrap away from a host that has it.
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "sandbox", "exec", "--lang", "python", "--code", "print(1)")
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile());
    builder.environment().put("PATH", dir.resolve("no-such-bin").toString());
    Process process = builder.start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("err"))).singleElement().asString()
        .startsWith("ace: bubblewrap not found").contains("apt-get install bubblewrap");
    assertThat(Files.readString(dir.resolve("out"))).isEmpty();
  }

  private static Arguments bad(String what, String named, String... options) {
    List<String> args = new ArrayList<>(List.of("sandbox", "exec"));
    args.addAll(List.of(options));
    return Arguments.of(what, named, args);
  }
}
