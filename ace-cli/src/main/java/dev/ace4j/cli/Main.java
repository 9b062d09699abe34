package dev.ace4j.cli;

import dev.ace4j.sandbox.Backend;
import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.Language;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.TypeConversionException;

/** The {@code ace} command's entry point: builds the command line and maps every outcome to an exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine commandLine = commandLine(System.in, System.getenv(), args);
    commandLine.setOut(utf8(System.out));
    commandLine.setErr(utf8(System.err));
    System.exit(commandLine.execute(args));
  }

  /**
   * The whole {@code ace} command tree, reading {@code -} (code or task from standard input) from {@code stdin} and
   * the {@code OTEL_*} telemetry settings from {@code environment}. Output goes to the command line's
   * {@code getOut()} and {@code getErr()} writers; set them to capture it.
   */
  static CommandLine commandLine(InputStream stdin, Map<String, String> environment) {
    return commandLine(stdin, environment, AceCommand.COMMANDS);
  }

  /**
   * The part of the command tree that a run with {@code args} uses ({@link AceCommand#commandsFor}): picocli reads
   * every option of every command it is given, and each command's classes pull in their libraries, so
   * {@code ace sandbox exec} does not build {@code ace bench}. Otherwise as {@link #commandLine(InputStream, Map)}.
   */
  static CommandLine commandLine(InputStream stdin, Map<String, String> environment, String[] args) {
    return commandLine(stdin, environment, AceCommand.commandsFor(args));
  }

  private static CommandLine commandLine(InputStream stdin, Map<String, String> environment, List<String> commands) {
    CommandLine commandLine = new CommandLine(new AceCommand(), factory(stdin, environment));
    // Before the settings below: picocli applies them to the subcommands present when they are set.
    commands.forEach(name -> commandLine.addSubcommand(name, AceCommand.command(name)));
    commandLine.setExecutionStrategy(new TelemetryStrategy(environment));
    commandLine.registerConverter(Language.class, byId(Language::fromId));
    commandLine.registerConverter(Backend.class, byId(Backend::fromId));
    // picocli's argument files split a file into arguments: a task in prose is then refused word by word, and a
    // large file given as --code @FILE took minutes in picocli before any check. solve reads @FILE itself, whole.
    commandLine.setExpandAtFiles(false);
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    CommandLine help = commandLine.getSubcommands().get("help");
    if (help != null) {
      describeHelp(help.getCommandSpec().usageMessage());
    }
    return commandLine;
  }

  /** {@code ace help} is picocli's own command, so its exit codes and examples are set here. */
  private static void describeHelp(UsageMessageSpec usage) {
    Map<String, String> exitCodes = new LinkedHashMap<>();
    exitCodes.put("0", "the help was printed");
    exitCodes.put("2", "no such command (one line on stderr names it)");
    usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes)
        .footerHeading("%nExamples:%n").footer("  # The same as ace bench --help", "  ace help bench");
  }

  /** Builds the commands that read standard input or the environment; picocli builds the rest. */
  private static IFactory factory(InputStream stdin, Map<String, String> environment) {
    Map<Class<?>, Supplier<Object>> commands = Map.ofEntries(
        Map.entry(SandboxExecCommand.class, () -> new SandboxExecCommand(stdin)),
        Map.entry(DoctorCommand.class, () -> new DoctorCommand(environment)),
        Map.entry(SolveCommand.class, () -> new SolveCommand(stdin, environment)),
        Map.entry(BenchCommand.class, () -> new BenchCommand(environment)),
        Map.entry(EvalCommand.class, () -> new EvalCommand(environment)),
        Map.entry(TestgenCommand.class, () -> new TestgenCommand(environment)),
        Map.entry(RefactorCommand.class, () -> new RefactorCommand(environment)),
        Map.entry(MetricsCommand.Summary.class, () -> new MetricsCommand.Summary(environment)),
        Map.entry(MetricsCommand.Export.class, () -> new MetricsCommand.Export(environment)),
        Map.entry(MetricsCommand.Sessions.class, () -> new MetricsCommand.Sessions(environment)),
        Map.entry(PlaybookCommand.class, () -> new PlaybookCommand(environment)),
        Map.entry(ReportCommand.class, () -> new ReportCommand(environment)),
        // The protocol owns stdout: the raw stream, not picocli's writer.
        Map.entry(McpCommand.class, () -> new McpCommand(stdin, System.out, environment)));
    IFactory defaults = CommandLine.defaultFactory();
    return new IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        Supplier<Object> command = commands.get(type);
        return command != null ? type.cast(command.get()) : defaults.create(type);
      }
    };
  }

  /** A converter for a value named by its id, whose parse error becomes picocli's one-line usage error. */
  private static <T> ITypeConverter<T> byId(Function<String, T> fromId) {
    return text -> {
      try {
        return fromId.apply(text);
      } catch (InvalidRequestException e) {
        throw new TypeConversionException(e.getMessage());
      }
    };
  }

  private static PrintWriter utf8(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
