package dev.ace4j.cli;

import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code ace}: the top of the command tree. It does nothing itself but hold the global options and what they set up
 * for every command: the run's {@link OpenTelemetry}. Its commands are not in its annotation but in
 * {@link #COMMANDS}, so that a run builds only the command it names ({@link Main#commandLine(java.io.InputStream,
 * java.util.Map, String[])}).
 */
@Command(name = "ace", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class, sortOptions = false,
    description = {
        "ace4j: self-learning code generation for the JVM.",
        "A model writes code; the code runs in a hardened local sandbox against tests; what the runs teach is "
            + "distilled into a playbook (Generator, Reflector, Curator) that the next task starts from."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done (each command's --help says what that means for it)",
        "1:the work ran and failed: a failing program or test, no program passing, a pass rate under "
            + "--fail-under, a model that kept failing (sandbox exec, solve, bench, eval)",
        ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # Check what this host can run, and which model ace would use and why",
        "  ace doctor",
        "  # Run a program in the sandbox",
        "  ace sandbox exec --lang python --code 'print(6 * 7)'"})
// picocli injects @Spec before call().
@SuppressWarnings("NullAway.Init")
final class AceCommand implements Callable<Integer> {
  /** The commands under {@code ace}, in the order its help lists them. */
  static final List<String> COMMANDS =
      List.of("solve", "bench", "eval", "mutate", "testgen", "refactor", "metrics", "report", "playbook", "mcp",
          "sandbox", "doctor", "completion", "help");

  @Spec CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, order = 300,
      description = "Print the stack trace of an internal failure (exit code 3). Default: off.")
  boolean verbose;

  @Option(names = "--trace", scope = ScopeType.INHERIT, order = 301,
      description = "When the command ends, print its spans on stderr as a tree: name, duration, status, "
          + "attributes and events (retries, timeouts, fallbacks). Spans and metrics are also exported over "
          + "OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, with or without this option. Default: off.")
  boolean trace;

  /** Set by {@link TelemetryStrategy} before the command runs; the no-op until then. */
  OpenTelemetry openTelemetry = OpenTelemetry.noop();

  /** The OpenTelemetry the running command sends its spans and metrics to. */
  static OpenTelemetry openTelemetry(CommandSpec spec) {
    return ((AceCommand) spec.root().userObject()).openTelemetry;
  }

  /** Whether the global {@code option} was given: being inherited, it may have been given at any level. */
  static boolean given(ParseResult parseResult, String option) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The class of the command {@code name} (one of {@link #COMMANDS}). A switch rather than a map of class literals:
   * naming a class loads it, and each of these pulls in its own options and libraries.
   */
  static Class<?> command(String name) {
    return switch (name) {
      case "solve" -> SolveCommand.class;
      case "bench" -> BenchCommand.class;
      case "eval" -> EvalCommand.class;
      case "mutate" -> MutateCommand.class;
      case "testgen" -> TestgenCommand.class;
      case "refactor" -> RefactorCommand.class;
      case "metrics" -> MetricsCommand.class;
      case "report" -> ReportCommand.class;
      case "playbook" -> PlaybookCommand.class;
      case "mcp" -> McpCommand.class;
      case "sandbox" -> SandboxCommand.class;
      case "doctor" -> DoctorCommand.class;
      case "completion" -> CompletionCommand.class;
      case "help" -> HelpCommand.class;
      default -> throw new IllegalArgumentException("no command " + name);
    };
  }

  /**
   * The commands a run with {@code args} needs: the one it names; none for {@code --version} alone; all of them when
   * it names none, names {@code help} or {@code completion} (they describe the others), or a word that is not a
   * command (the error suggests the commands it resembles). The root's options take no value, so the first word
   * that is not an option is the command.
   */
  static List<String> commandsFor(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        boolean describesOthers = arg.equals("help") || arg.equals("completion");
        return COMMANDS.contains(arg) && !describesOthers ? List.of(arg) : COMMANDS;
      }
    }
    List<String> options = List.of(args);
    boolean version = options.contains("--version") || options.contains("-V");
    boolean help = options.contains("--help") || options.contains("-h");
    return version && !help ? List.of() : COMMANDS;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: use ace solve, ace bench, ace eval, "
        + "ace metrics, ace sandbox exec or ace doctor");
  }
}
