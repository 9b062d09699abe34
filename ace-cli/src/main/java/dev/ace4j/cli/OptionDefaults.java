package dev.ace4j.cli;

import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.SandboxSettings;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of the sandbox options, read from the sandbox's own {@link Limits#defaults()} and
 * {@link SandboxSettings#defaults()} so that the help text and the behaviour cannot drift apart.
 */
final class OptionDefaults implements IDefaultValueProvider {
  @Override
  public @Nullable String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    Limits limits = Limits.defaults();
    SandboxSettings settings = SandboxSettings.defaults();
    return switch (option.longestName()) {
      case "--timeout" -> DurationConverter.format(limits.wall());
      case "--cpu" -> DurationConverter.format(limits.cpu());
      case "--memory" -> SizeConverter.format(limits.memoryBytes());
      case "--processes" -> Integer.toString(limits.processes());
      case "--file-size" -> SizeConverter.format(limits.fileSizeBytes());
      case "--output-limit" -> SizeConverter.format(limits.outputBytes());
      case "--sandbox" -> settings.backend().id();
      case "--python" -> settings.python().toString();
      default -> null;
    };
  }
}
