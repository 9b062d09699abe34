package dev.ace4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code ace}: the top of the command tree. It does nothing itself but hold the global options. */
@Command(name = "ace", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class, sortOptions = false,
    description = {
        "ace4j: self-learning code generation for the JVM.",
        "This stage runs code in a hardened local sandbox; the learning loop (solve, bench, eval, playbook) is in "
            + "progress."},
    subcommands = {SandboxCommand.class, DoctorCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL})
final class AceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, order = 300,
      description = "Print the stack trace of an internal failure (exit code 3). Default: off.")
  boolean verbose;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: use `ace sandbox exec` or `ace doctor`");
  }
}
