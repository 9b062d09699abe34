package dev.ace4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ace sandbox}: the group of sandbox commands. */
@Command(name = "sandbox", description = "Run code in the sandbox.", subcommands = SandboxExecCommand.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # Run a program; its output passes through, then a one-line summary",
        "  ace sandbox exec --lang python --code 'print(6 * 7)'"})
// picocli injects @Spec before call().
@SuppressWarnings("NullAway.Init")
final class SandboxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: use `ace sandbox exec`");
  }
}
