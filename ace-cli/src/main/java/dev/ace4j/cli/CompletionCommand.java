package dev.ace4j.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ace completion SHELL}: a script that completes ace's commands and options, from the command tree itself. */
@Command(name = "completion", sortOptions = false,
    description = {
        "Print a script that completes ace's commands and options in SHELL.",
        "zsh gets bash's script, which it loads through bashcompinit. For every new shell, save the script "
            + "(bash: /etc/bash_completion.d/ace) or put the source line in the shell's startup file."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the script was printed", ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # bash; zsh takes the same script: source <(ace completion zsh)",
        "  source <(ace completion bash)",
        "  # fish",
        "  ace completion fish > ~/.config/fish/completions/ace.fish"})
// picocli injects @Spec and the required parameter before call().
@SuppressWarnings("NullAway.Init")
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
  String shell;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    switch (shell) {
      case "bash", "zsh" -> out.print(bash());
      case "fish" -> out.print(fish(spec.root()));
      default -> throw new BadInputException("SHELL " + shell + ": not a shell ace completes: use bash, zsh or fish");
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * picocli's bash script, from a command tree of its own in which a positional parameter whose label has no letter
   * ({@code -}, standard input) is called STDIN: picocli names shell variables after labels.
   */
  static String bash() {
    CommandLine tree = Main.commandLine(InputStream.nullInputStream(), Map.of());
    List<CommandSpec> pending = new ArrayList<>(List.of(tree.getCommandSpec()));
    while (!pending.isEmpty()) {
      CommandSpec command = pending.remove(0);
      for (PositionalParamSpec positional : List.copyOf(command.positionalParameters())) {
        if (!positional.paramLabel().matches(".*[A-Za-z0-9].*")) {
          command.remove(positional);
          command.addPositional(PositionalParamSpec.builder(positional).paramLabel("STDIN").build());
        }
      }
      command.subcommands().values().forEach(sub -> pending.add(sub.getCommandSpec()));
    }
    return AutoComplete.bash("ace", tree);
  }

  /** fish's completions: each command offered after its parent, each option after its command. */
  static String fish(CommandSpec root) {
    StringBuilder script = new StringBuilder("# ace's completions for fish: ace completion fish > "
        + "~/.config/fish/completions/ace.fish\ncomplete -c ace -f\n");
    List<CommandSpec> pending = new ArrayList<>(List.of(root));
    while (!pending.isEmpty()) {
      CommandSpec command = pending.remove(0);
      String after = command == root ? "__fish_use_subcommand"
          : "__fish_seen_subcommand_from " + command.name();
      for (CommandSpec sub : command.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
          .toList()) {
        script.append("complete -c ace -n '").append(after).append("' -a ").append(sub.name()).append(" -d ")
            .append(quoted(firstLine(sub))).append('\n');
        pending.add(sub);
      }
      for (OptionSpec option : command.options()) {
        if (option.hidden() || command != root && option.inherited()) {
          continue;
        }
        script.append("complete -c ace -n '").append(after).append('\'');
        for (String name : option.names()) {
          script.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
        }
        if (option.arity().max() > 0) {
          script.append(" -r");
        }
        String[] description = option.description();
        if (description.length > 0) {
          script.append(" -d ").append(quoted(description[0]));
        }
        script.append('\n');
      }
    }
    return script.toString();
  }

  private static String firstLine(CommandSpec command) {
    String[] description = command.usageMessage().description();
    return description.length == 0 ? "" : description[0];
  }

  /** One line in single quotes, cut at its first sentence, as fish shows it beside the candidate. */
  private static String quoted(String text) {
    String line = text.replaceAll("\\$\\{[A-Z_-]+}|%n", "").replaceAll("\\s+", " ").strip();
    int stop = line.indexOf(". ");
    if (stop > 0) {
      line = line.substring(0, stop);
    }
    return "'" + line.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
