package dev.ace4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.sandbox.HostCheck;
import dev.ace4j.sandbox.Sandboxes;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ace doctor}: what this host can run, each problem with its fix. */
@Command(name = "doctor", sortOptions = false, defaultValueProvider = OptionDefaults.class,
    description = {
        "Check what this host can run, and say how to fix what it cannot.",
        "Checks the Java running ace, bubblewrap and the isolation this host allows (user, control groups, "
            + "seccomp) and each language runtime, by starting real sandboxes. Prints one line per check: ok, "
            + "WARN (works, with less protection) or FAIL (does not work), with how to fix it.",
        "Also says which model ace would use and why (from --model, ACE4J_MODEL, a provider's API key, "
            + "OLLAMA_HOST or .env); --ping sends it one tiny request. Then checks ACE4J_HOME/ace.db, read-only: "
            + "its history schema version and PRAGMA integrity_check; and that each playbook in "
            + "ACE4J_HOME/playbooks can be read."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no check failed", "2:a check failed (its line says how to fix it), or bad input",
        ExitCodes.HELP_INTERNAL},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # Check this host, and which model ace would use and why",
        "  ace doctor",
        "  # Also send that model one tiny request; print one JSON object",
        "  ace doctor --ping --json"})
// picocli injects @Spec and @Mixin and sets required and defaulted options before call(); the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class DoctorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  DoctorCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Mixin SandboxOptions sandbox;

  @Option(names = "--model", paramLabel = "SPEC", order = 10,
      description = "The model to check instead of the automatic choice: openai:MODEL, anthropic:MODEL, "
          + "gemini:MODEL, ollama:MODEL, openai-compatible:MODEL (with --base-url), replay:FILE.")
  @Nullable String model;

  @Option(names = "--base-url", paramLabel = "URL", order = 11,
      description = "The server of an openai-compatible (or other) model.")
  @Nullable String baseUrl;

  @Option(names = "--ping", order = 12,
      description = "Send the model one tiny request and report the reply and how long it took. Costs a few tokens.")
  boolean ping;

  @Option(names = "--json", order = 200,
      description = "Print exactly one JSON object on stdout: {ok, checks: [{subject, level, finding, fix}]}.")
  boolean json;

  @Override
  public Integer call() {
    List<HostCheck> checks = new ArrayList<>();
    checks.add(jvm());
    spec.commandLine().getErr().flush();
    checks.addAll(Sandboxes.inspect(sandbox.settings()));
    checks.add(ModelCheck.inspect(environment, Path.of(".env").toAbsolutePath(), Optional.ofNullable(model),
        Optional.ofNullable(baseUrl), ping));
    AceHome home = AceHome.of(environment);
    checks.add(DatabaseCheck.inspect(home.database()));
    checks.addAll(PlaybookCheck.inspect(home.playbooks()));
    boolean ok = checks.stream().noneMatch(c -> c.level() == HostCheck.Level.FAIL);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(ChecksJson.of(ok, checks));
    } else {
      checks.forEach(check -> out.println(line(check)));
    }
    out.flush();
    return ok ? ExitCodes.OK : ExitCodes.BAD_INPUT;
  }

  /** The JVM running ace: it is the one that compiles and runs Java code unless --java-home says otherwise. */
  private static HostCheck jvm() {
    return HostCheck.ok("jvm", "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
        + System.getProperty("java.home"));
  }

  /** E.g. {@code WARN cgroups    no control groups ... — run ace where ...}. */
  static String line(HostCheck check) {
    String level = check.level() == HostCheck.Level.OK ? "ok" : check.level().name();
    String fix = check.fix().isEmpty() ? "" : " — " + check.fix();
    return String.format(Locale.ROOT, "%-4s %-10s %s%s", level, check.subject(), check.finding(), fix);
  }

  /**
   * {@code {"ok": ..., "checks": [...]}}. A class of its own: the verifier loads the types a method uses when it
   * links the class, and {@code ace --help} builds this command without printing JSON.
   */
  private static final class ChecksJson {
    static String of(boolean ok, List<HostCheck> checks) {
      ObjectNode root = JsonNodeFactory.instance.objectNode().put("ok", ok);
      ArrayNode array = root.putArray("checks");
      for (HostCheck check : checks) {
        array.addObject()
            .put("subject", check.subject())
            .put("level", check.level().name().toLowerCase(Locale.ROOT))
            .put("finding", check.finding())
            .put("fix", check.fix());
      }
      try {
        return new ObjectMapper().writeValueAsString(root);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
