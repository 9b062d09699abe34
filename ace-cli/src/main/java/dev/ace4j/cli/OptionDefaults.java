package dev.ace4j.cli;

import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.SandboxSettings;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of the sandbox options, read from the sandbox's own {@link Limits#defaults()} and
 * {@link SandboxSettings#defaults()} so that the help text and the behaviour cannot drift apart. The limits are the
 * defaults of {@code ace sandbox exec}, which runs one program; another command's option of the same name (such as
 * {@code ace mutate --timeout}, each mutant's limit, computed from the tests' time) has a default of its own.
 */
final class OptionDefaults implements IDefaultValueProvider {
  @Override
  public @Nullable String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    SandboxSettings settings = SandboxSettings.defaults();
    if (option.longestName().equals("--sandbox")) {
      return settings.backend().id();
    }
    if (option.longestName().equals("--python")) {
      return settings.python().toString();
    }
    if (!(option.command().userObject() instanceof SandboxExecCommand)) {
      return null;
    }
    Limits limits = Limits.defaults();
    return switch (option.longestName()) {
      case "--timeout" -> DurationConverter.format(limits.wall());
      case "--cpu" -> DurationConverter.format(limits.cpu());
      case "--memory" -> SizeConverter.format(limits.memoryBytes());
      case "--processes" -> Integer.toString(limits.processes());
      case "--file-size" -> SizeConverter.format(limits.fileSizeBytes());
      case "--output-limit" -> SizeConverter.format(limits.outputBytes());
      default -> null;
    };
  }
}
