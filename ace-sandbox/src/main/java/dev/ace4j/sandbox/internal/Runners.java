package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.WorkFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a request into a {@link RunPlan} for its language: file names, the runner's command line, and where the
 * test report lands. The same plan runs under every backend.
 */
final class Runners {
  static final String REPORT = ".ace-report.xml";
  private static final String JAVA_REPORT_DIR = ".ace-reports";
  private static final String JAVA_REPORT = JAVA_REPORT_DIR + "/TEST-junit-jupiter.xml";
  private static final String JAVA_CLASSES = ".ace-classes";
  private static final String MUTATION_CODE = ".ace-code";
  private static final String MUTATION_TESTS = ".ace-tests";
  private static final String MUTATION_REPORT_DIR = ".ace-mutations";
  /**
   * A shell function printing PIT's globs for the classes under a folder: {@code a.B,a.B$*} for each top-level
   * class {@code a.B}.
   */
  private static final String CLASS_GLOBS = "globs() { (cd \"$1\" && find . -name '*.class' | sed -e 's|^\\./||' "
      + "-e 's|\\.class$||' -e 's|\\$.*||' -e 's|/|.|g' | sort -u | sed 's|.*|&,&$*|' | paste -sd, -); }";
  private static final String BASH_HARNESS = ".ace-harness.sh";
  static final String SEALED_BRIDGE = "_ace_sealed.py";
  private static final String SEALED_BRIDGE_JS = "_ace_sealed.js";
  private static final String JAVA_BRIDGE = ".ace-bridge";
  /** Lets the Java bridge wrap the inherited descriptors 3 and 4 of its channel in streams. */
  private static final String OPEN_DESCRIPTORS = "--add-opens=java.base/java.io=ALL-UNNAMED";
  private static final Pattern JAVA_PUBLIC_TYPE = Pattern.compile(
      "(?m)^\\s*public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*"
          + "(?:class|interface|enum|record|@interface)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");
  private static final long MIB = 1024 * 1024;
  /** What a Python run's interpreter gets on top of the sandbox's variables (see {@link #python}). */
  static final Map<String, String> PYTHON_ENVIRONMENT = Map.of("PYTHONHASHSEED", "0");

  private static final Pattern SPECIAL_TESTS =
      Pattern.compile("pytest|unittest|hypothesis|(?m)^\\s*(?:class|async)\\s");
  private static final Pattern TEST_FUNCTION = Pattern.compile("def\\s+test\\w*\\s*\\(([^)]*)\\)");

  private Runners() {}

  static RunPlan plan(ExecutionRequest request, RuntimePaths paths) {
    RunPlan plan = switch (request.kind()) {
      case SNIPPET -> snippet(request, paths);
      case TEST_SUITE -> testSuite(request, paths);
      // The program is unknown: a JVM or V8 would not even start under RLIMIT_AS, so memory is the cgroup's job.
      case COMMAND -> plan(List.of(), request.command(), Optional.empty(), false);
      case MUTATION_TEST -> javaMutations(request, paths);
    };
    return withRequest(plan, request);
  }

  /** {@code plan} with the request's own files and outputs added, on both sides and in its fallback. */
  private static RunPlan withRequest(RunPlan plan, ExecutionRequest request) {
    List<WorkFile> files = withExtras(plan.files(), request);
    checkSizes(files, request.limits());
    List<String> outputs = new ArrayList<>(plan.outputs());
    outputs.addAll(request.outputs());
    plan.report().ifPresent(outputs::add);
    Optional<RunPlan.CodeSide> code = plan.sealedCode();
    if (code.isPresent()) {
      // The request's files are data for both sides; its outputs are what the code wrote.
      List<WorkFile> codeFiles = withExtras(code.get().files(), request);
      checkSizes(codeFiles, request.limits());
      code = Optional.of(new RunPlan.CodeSide(codeFiles, code.get().argv(), request.outputs()));
      outputs = new ArrayList<>(plan.report().stream().toList());
    }
    return new RunPlan(files, plan.argv(), plan.environment(), outputs, plan.report(), plan.limitAddressSpace(),
        code, plan.fallback().map(fallback -> withRequest(fallback, request)));
  }

  private static List<WorkFile> withExtras(List<WorkFile> own, ExecutionRequest request) {
    List<WorkFile> files = new ArrayList<>(own);
    for (WorkFile extra : request.files()) {
      if (files.stream().anyMatch(f -> f.path().equals(extra.path()))) {
        throw new InvalidRequestException(
            "file '" + extra.path() + "' would replace the " + request.language().id() + " runner's own: rename it");
      }
      files.add(extra);
    }
    return files;
  }

  /**
   * Refuses an input file larger than the file-size limit: the sandbox writes each one into the work directory under
   * that limit, so it would fail there as if the sandbox were broken, when it is the request that asks too much.
   */
  private static void checkSizes(List<WorkFile> files, Limits limits) {
    for (WorkFile file : files) {
      if (file.size() > limits.fileSizeBytes()) {
        throw new InvalidRequestException("file '" + file.path() + "' is " + file.size() + " bytes, over the "
            + "file-size limit of " + limits.fileSizeBytes() + " bytes: raise the file-size limit (--file-size) or "
            + "make the file smaller");
      }
    }
  }

  private static RunPlan snippet(ExecutionRequest request, RuntimePaths paths) {
    Limits limits = request.limits();
    String code = request.code();
    String main = request.language().programFile();
    return switch (request.language()) {
      case PYTHON -> python(paths, List.of(WorkFile.of(main, code)), List.of(main), Optional.empty());
      case JAVASCRIPT -> plan(List.of(WorkFile.of(main, code)),
          List.of(paths.node().toString(), nodeHeap(limits), main), Optional.empty(), false);
      // The source launcher compiles in memory in the same JVM: one JVM start instead of javac's and java's.
      case JAVA -> plan(List.of(WorkFile.of(main, code)),
          javaCommand(paths.java(), limits, List.of(main)), Optional.empty(), false);
      case BASH -> plan(List.of(WorkFile.of(main, code)),
          List.of("/bin/bash", main), Optional.empty(), true);
    };
  }

  private static RunPlan testSuite(ExecutionRequest request, RuntimePaths paths) {
    Limits limits = request.limits();
    String code = request.code();
    String tests = request.tests().orElseThrow();
    return switch (request.language()) {
      case PYTHON -> sealedPython(paths, code, tests);
      case JAVASCRIPT -> sealedJavaScript(paths, limits, code, tests);
      case JAVA -> javaTests(code, tests, paths, limits);
      case BASH -> plan(List.of(WorkFile.of("solution.sh", code), WorkFile.of(testsFile(Language.BASH), tests),
              WorkFile.of(BASH_HARNESS, resource("bash-test-harness.sh"))),
          List.of("/bin/bash", BASH_HARNESS), Optional.of(REPORT), true);
    };
  }

  /**
   * JUnit and the tests on one side, the code under test on the other: {@code AceSealed prepare} compiles the code
   * for its errors and declarations, writes stand-ins of its types whose bodies call the other side, and compiles
   * them with the tests; then JUnit runs. The code's side compiles the code and answers calls.
   */
  private static RunPlan javaTests(String code, String tests, RuntimePaths paths, Limits limits) {
    String codeFile = javaFileName(code, "Solution");
    String testFile = javaFileName(tests, "SolutionTest");
    if (codeFile.equals(testFile)) {
      throw new InvalidRequestException(
          "the code and its tests both declare public type " + codeFile.replace(".java", "")
              + ": give the test class its own name");
    }
    String junit = paths.junitConsole().get().toString();
    List<String> codeFiles = code.isBlank() ? List.of() : List.of(codeFile);
    List<WorkFile> testFiles = new ArrayList<>(JavaBridge.testSide(JAVA_BRIDGE));
    testFiles.add(WorkFile.of(testFile, tests));
    List<WorkFile> codeSide = new ArrayList<>(JavaBridge.codeSide(JAVA_BRIDGE));
    if (!code.isBlank()) {
      testFiles.add(WorkFile.of(codeFile, code));
      codeSide.add(WorkFile.of(codeFile, code));
    }
    List<String> prepare = new ArrayList<>(javaCommand(paths.java(), limits, List.of("-cp", JAVA_BRIDGE + ":" + junit,
        JavaBridge.MAIN, "prepare", JAVA_CLASSES, JAVA_BRIDGE + ":" + junit)));
    prepare.addAll(codeFiles);
    prepare.add("--");
    prepare.add(testFile);
    List<String> run = javaCommand(paths.java(), limits, List.of(OPEN_DESCRIPTORS,
        "-cp", JAVA_CLASSES + ":" + JAVA_BRIDGE + ":" + junit,
        "org.junit.platform.console.ConsoleLauncher", "execute", "--disable-banner", "--disable-ansi-colors",
        "--details=tree", "--scan-classpath", JAVA_CLASSES, "--reports-dir", JAVA_REPORT_DIR,
        "--config=junit.jupiter.extensions.autodetection.enabled=true"));
    // Two steps in one sandbox under the same limits: compile-time code (annotation processors) is contained too.
    String script = shellWords(prepare) + " && exec " + shellWords(run);
    List<String> serve = new ArrayList<>(javaCommand(paths.java(), limits,
        List.of(OPEN_DESCRIPTORS, "-cp", JAVA_BRIDGE, JavaBridge.MAIN, "serve")));
    serve.addAll(codeFiles);
    return new RunPlan(testFiles, List.of("/bin/sh", "-c", script), Map.of(), List.of(), Optional.of(JAVA_REPORT),
        false, Optional.of(new RunPlan.CodeSide(codeSide, serve, List.of())));
  }

  /**
   * PIT on the code and its tests, in one sandbox: javac compiles each into a folder of its own, the class names
   * found there become PIT's targets (every class of the code file, every class of the tests), and PIT's XML report
   * is the output. PIT's main process and its minion JVMs talk over loopback sockets, which only this kind of run
   * may open ({@link #opensLoopback}). The JVMs share the memory limit: half of it is heap, split between PIT's own
   * JVM and one minion per thread.
   */
  private static RunPlan javaMutations(ExecutionRequest request, RuntimePaths paths) {
    String code = request.code();
    String tests = request.tests().orElseThrow();
    ExecutionRequest.Mutation mutation = request.mutation().orElseThrow();
    String codeFile = javaFileName(code, "Solution");
    String testFile = javaFileName(tests, "SolutionTest");
    if (codeFile.equals(testFile)) {
      throw new InvalidRequestException("the code and its tests both declare public type "
          + codeFile.replace(".java", "") + ": give the test class its own name");
    }
    String junit = paths.junitConsole().get().toString();
    long heap = Math.max(16, request.limits().memoryBytes() / MIB / 2 / (mutation.threads() + 1));
    List<String> jvm = List.of("-Xmx" + heap + "m", "-Xss1m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData", "-Dfile.encoding=UTF-8");
    String javac = paths.javaHome().resolve("bin/javac").toString();
    List<String> javacFlags = jvm.stream().map(flag -> "-J" + flag).toList();
    List<String> compileCode = new ArrayList<>(List.of(javac));
    compileCode.addAll(javacFlags);
    compileCode.addAll(List.of("-encoding", "UTF-8", "-d", MUTATION_CODE, codeFile));
    List<String> compileTests = new ArrayList<>(List.of(javac));
    compileTests.addAll(javacFlags);
    compileTests.addAll(List.of("-encoding", "UTF-8", "-d", MUTATION_TESTS, "-cp", MUTATION_CODE + ":" + junit,
        testFile));
    List<String> pitest = new ArrayList<>(List.of(paths.java()));
    pitest.addAll(jvm);
    pitest.addAll(List.of("-cp", String.join(":", paths.pitest().get().stream().map(Path::toString).toList())
        + ":" + junit, "org.pitest.mutationtest.commandline.MutationCoverageReport",
        "--reportDir", MUTATION_REPORT_DIR, "--timestampedReports=false", "--outputFormats", "XML",
        "--sourceDirs", ".", "--classPath", MUTATION_CODE + "," + MUTATION_TESTS,
        "--threads", Integer.toString(mutation.threads()),
        "--timeoutConst", Long.toString(mutation.mutantTimeout().toMillis()),
        "--jvmPath", paths.java(), "--jvmArgs", String.join(",", jvm)));
    // The targets are whatever javac wrote: top-level classes and their nested ones, never a test class.
    String script = CLASS_GLOBS + "; " + shellWords(compileCode) + " && " + shellWords(compileTests)
        + " && targets=$(globs " + MUTATION_CODE + ") && tests=$(globs " + MUTATION_TESTS + ") && exec "
        + shellWords(pitest) + " --targetClasses \"$targets\" --targetTests \"$tests\"";
    return new RunPlan(List.of(WorkFile.of(codeFile, code), WorkFile.of(testFile, tests)),
        List.of("/bin/sh", "-c", script), Map.of(), List.of(ExecutionRequest.MUTATION_REPORT), Optional.empty(), false,
        Optional.empty());
  }

  /**
   * Whether {@code request} may open IP sockets: only a mutation test, whose PIT processes talk over loopback. The
   * run's network namespace is its own and holds only a loopback interface, so these sockets reach nothing else.
   */
  static boolean opensLoopback(ExecutionRequest request) {
    return request.kind() == ExecutionRequest.Kind.MUTATION_TEST;
  }

  /** Joins words for {@code sh -c}, each single-quoted, so no word can carry shell syntax. */
  static String shellWords(List<String> words) {
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append('\'').append(word.replace("'", "'\\''")).append('\'');
    }
    return line.toString();
  }

  private static List<String> javaCommand(String java, Limits limits, List<String> args) {
    List<String> argv = new ArrayList<>(List.of(java, "-Xmx" + javaHeapMiB(limits) + "m", "-Xss1m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
        "-Dfile.encoding=UTF-8"));
    argv.addAll(args);
    return argv;
  }

  /** Half the memory limit for the heap: the JVM's own code, metaspace and threads need the rest. */
  private static long javaHeapMiB(Limits limits) {
    return Math.max(8, limits.memoryBytes() / MIB / 2);
  }

  private static String nodeHeap(Limits limits) {
    return "--max-old-space-size=" + Math.max(8, limits.memoryBytes() * 3 / 4 / MIB);
  }

  private static String javaFileName(String source, String fallback) {
    Matcher matcher = JAVA_PUBLIC_TYPE.matcher(source);
    return (matcher.find() ? matcher.group(1) : fallback) + ".java";
  }

  /**
   * A Python run: {@code -s} leaves out the user site; unlike {@code -I}, the script's folder stays importable.
   * {@code PYTHONHASHSEED=0} makes the iteration order of sets and of dicts built from them the same on every run,
   * so that identical programs print identical reports (a learner's prompts depend on them). Nothing else reaches
   * the interpreter's environment but the sandbox's own variables and the request's.
   */
  private static RunPlan python(RuntimePaths paths, List<WorkFile> files, List<String> arguments, Optional<String> report) {
    List<String> argv = new ArrayList<>(List.of(paths.python().toString(), "-s"));
    argv.addAll(arguments);
    return new RunPlan(files, argv, PYTHON_ENVIRONMENT, List.of(), report, true, Optional.empty());
  }

  private static String testsFile(Language language) {
    return language.testsFile().orElseThrow();
  }

  /**
   * pytest and the tests on one side, the code under test on the other: the tests import a proxy named
   * {@code solution} that forwards to the real module in the other sandbox and returns plain values only. The tests
   * first run under the bridge's own runner ({@code _ace_sealed.quick}), which spares pytest's start-up and answers
   * only when it can answer as pytest would (every test a plain function, every one passing); otherwise pytest
   * runs them, from fresh processes on both sides.
   */
  private static RunPlan sealedPython(RuntimePaths paths, String code, String tests) {
    WorkFile bridge = WorkFile.of(SEALED_BRIDGE, resource(SEALED_BRIDGE));
    String module = "solution";
    List<WorkFile> testFiles = List.of(WorkFile.of(testsFile(Language.PYTHON), tests), bridge,
        WorkFile.of(module + ".py", "import _ace_sealed\n_ace_sealed.install(__name__)\n"));
    RunPlan.CodeSide codeSide = new RunPlan.CodeSide(List.of(WorkFile.of(module + ".py", code), bridge),
        List.of(paths.python().toString(), "-s", "-c", "import _ace_sealed; _ace_sealed.serve('" + module + "')"),
        List.of());
    RunPlan pytest = sealed(python(paths, testFiles, List.of("-m", "pytest", "-q", "-p", "no:cacheprovider", "-o",
        "junit_family=xunit2", "--junitxml=" + REPORT, testsFile(Language.PYTHON)), Optional.of(REPORT)), codeSide,
        Optional.empty());
    if (!quickCandidate(tests)) {
      return pytest;
    }
    return sealed(python(paths, testFiles, List.of("-c", "import _ace_sealed, sys; sys.exit(_ace_sealed.quick('"
        + testsFile(Language.PYTHON) + "', '" + REPORT + "'))"), Optional.of(REPORT)), codeSide, Optional.of(pytest));
  }

  /** {@code testSide} as the tests' side of a sealed run with {@code codeSide}. */
  private static RunPlan sealed(RunPlan testSide, RunPlan.CodeSide codeSide, Optional<RunPlan> fallback) {
    return new RunPlan(testSide.files(), testSide.argv(), testSide.environment(), List.of(), testSide.report(),
        true, Optional.of(codeSide), fallback);
  }

  /**
   * Whether {@code tests} may be plain test functions that the quick runner decides: no decorators, classes, or
   * names of pytest, unittest or Hypothesis, and no test function with parameters. A first, lexical look that spares
   * the others a run: the runner's own check, on the syntax tree, has the last word.
   */
  static boolean quickCandidate(String tests) {
    return tests.indexOf('@') < 0 && !SPECIAL_TESTS.matcher(tests).find()
        && TEST_FUNCTION.matcher(tests).results().allMatch(definition -> definition.group(1).isBlank());
  }

  /**
   * node:test and the tests on one side, the code under test on the other: the tests require a proxy named
   * {@code solution.js} that forwards to the real module in the other sandbox. The test file runs in node's own
   * process ({@code node --test} would start a child that loses descriptor 3 of the channel).
   */
  private static RunPlan sealedJavaScript(RuntimePaths paths, Limits limits, String code, String tests) {
    WorkFile bridge = WorkFile.of(SEALED_BRIDGE_JS, resource(SEALED_BRIDGE_JS));
    String node = paths.node().toString();
    List<WorkFile> testFiles = List.of(WorkFile.of(testsFile(Language.JAVASCRIPT), tests), bridge,
        WorkFile.of("solution.js", "module.exports = require('./" + SEALED_BRIDGE_JS + "').install();\n"));
    List<String> testArgv = List.of(node, nodeHeap(limits), "--test-reporter=spec",
        "--test-reporter-destination=stdout", "--test-reporter=junit", "--test-reporter-destination=" + REPORT,
        testsFile(Language.JAVASCRIPT));
    RunPlan.CodeSide codeSide = new RunPlan.CodeSide(List.of(WorkFile.of("solution.js", code), bridge),
        List.of(node, nodeHeap(limits), "-e", "require('./" + SEALED_BRIDGE_JS + "').serve('solution')"), List.of());
    return new RunPlan(testFiles, testArgv, Map.of(), List.of(), Optional.of(REPORT), false, Optional.of(codeSide));
  }

  private static RunPlan plan(List<WorkFile> files, List<String> argv, Optional<String> report, boolean rlimitAs) {
    return new RunPlan(files, argv, Map.of(), List.of(), report, rlimitAs, Optional.empty());
  }

  static String resource(String name) {
    try (InputStream in = Runners.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " in ace-sandbox");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
