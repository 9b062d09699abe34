package dev.ace4j.cli;

import dev.ace4j.core.Bullet;
import dev.ace4j.core.FilePlaybookStore;
import dev.ace4j.core.KaybaJson;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookDiff;
import dev.ace4j.core.PlaybookJson;
import dev.ace4j.core.PlaybookStore;
import dev.ace4j.core.PlaybookText;
import dev.ace4j.core.Sections;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ace playbook}: see, search, export, import, compare and undo what was learned. Every change (import,
 * rollback) is one new version of the store, so {@code history} lists it and {@code rollback} undoes it.
 */
@Command(name = "playbook", description = "See, search, export, import, compare and roll back a playbook.",
    subcommands = {PlaybookCommand.Show.class, PlaybookCommand.Search.class, PlaybookCommand.Export.class,
        PlaybookCommand.Import.class, PlaybookCommand.Diff.class, PlaybookCommand.History.class,
        PlaybookCommand.Rollback.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", PlaybookCommand.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # What ace solve and ace bench learned, by section",
        "  ace playbook show",
        "  # Bring in a kayba skillbook as one new version",
        "  ace playbook import skillbook.json"})
// picocli injects @Spec before call().
@SuppressWarnings("NullAway.Init")
final class PlaybookCommand implements Callable<Integer> {
  static final String HELP_BAD_INPUT = "2:bad input: no playbook yet, a malformed file, a version that does not "
      + "exist (one line on stderr names it; nothing is written)";

  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  PlaybookCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: use ace playbook show, search, export, "
        + "import, diff, history or rollback");
  }

  /** {@code --playbook FILE}, else ACE4J_HOME/playbooks/default.json, as ace solve uses. */
  static final class PlaybookFile {
    @Option(names = "--playbook", paramLabel = "FILE", order = 100,
        description = "The playbook file. Default: ACE4J_HOME/playbooks/default.json, the one ace solve uses.")
    @Nullable Path playbook;

    Path resolve(PlaybookCommand parent) {
      Path file = playbook != null ? playbook : AceHome.of(parent.environment).playbook("default");
      if (Files.isDirectory(file)) {
        throw new BadInputException("--playbook " + file + ": is a folder: give the playbook's file");
      }
      return file.toAbsolutePath();
    }

    /** The store of an existing playbook; refused (nothing created) when there is none. */
    FilePlaybookStore openExisting(PlaybookCommand parent) {
      return FilePlaybookStore.open(existing(parent));
    }

    Path existing(PlaybookCommand parent) {
      Path file = resolve(parent);
      PlaybookFiles.current(file); // one line if it is missing or malformed, before the store touches anything
      return file;
    }
  }

  /** {@code ace playbook show}. */
  @Command(name = "show", sortOptions = false,
      description = "Print the active bullets by section with their counters (helpful, harmful, neutral); in "
          + "colour on a terminal, never with NO_COLOR set.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the playbook was printed", HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {"  # The bullets of one section of another playbook",
          "  ace playbook show --playbook bench.json --section 'common mistakes'"})
  // picocli injects @Spec, @Mixin and @ParentCommand before call().
  @SuppressWarnings("NullAway.Init")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PlaybookCommand parent;
    @Mixin PlaybookFile file;

    @Option(names = "--section", paramLabel = "S", order = 1,
        description = "Only this section (compared as ace compares sections: case, spaces and & do not matter).")
    @Nullable String section;

    @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
      Path path = file.resolve(parent);
      Playbook playbook = PlaybookFiles.current(path);
      Map<String, List<Bullet>> sections = new LinkedHashMap<>(playbook.bySection());
      if (section != null) {
        String key = Sections.key(section);
        sections.keySet().removeIf(name -> !Sections.key(name).equals(key));
        if (sections.isEmpty()) {
          throw new BadInputException("--section " + section + ": no such section in " + path + "; it has "
              + (playbook.bySection().isEmpty() ? "none" : String.join(", ", playbook.bySection().keySet())));
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? PlaybookViewsJson.show(playbook, path.toString(), sections) + "\n"
          : PlaybookViews.show(playbook, path.toString(), sections, PlaybookViews.Colours.of(parent.environment)));
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code ace playbook search}. */
  @Command(name = "search", sortOptions = false,
      description = "Print the active bullets that share words with TEXT, best first: a word in the content counts "
          + "2, in the section 1, the whole TEXT in the content 3 more.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the matches (maybe none) were printed", HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {"  # The five bullets most about recursion", "  ace playbook search recursion --limit 5"})
  // picocli injects @Spec, @Mixin, @ParentCommand and the required TEXT before call().
  @SuppressWarnings("NullAway.Init")
  static final class Search implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PlaybookCommand parent;
    @Mixin PlaybookFile file;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The words to look for.")
    List<String> words;

    @Option(names = "--limit", paramLabel = "N", order = 1, description = "At most N bullets. Default: 10.")
    int limit = 10;

    @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
      Options.requirePositive("--limit", limit);
      String query = String.join(" ", words);
      if (BulletSearch.words(query).isEmpty()) {
        throw new BadInputException("TEXT '" + query + "' has no words to look for: give letters or digits");
      }
      List<BulletSearch.Hit> hits = BulletSearch.search(PlaybookFiles.current(file.resolve(parent)), query, limit);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(PlaybookViewsJson.search(query, hits));
      } else if (hits.isEmpty()) {
        out.println("no bullet matches '" + TerminalText.inline(query) + "'");
      } else {
        hits.forEach(hit -> out.printf("%3d  [%s] %s :: %s%n", hit.score(), hit.bullet().id(),
            TerminalText.inline(hit.bullet().section()), TerminalText.inline(hit.bullet().content())));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** The formats {@code ace playbook export} writes. */
  enum Format {
    JSON, TEXT, KAYBA, MARKDOWN
  }

  /** {@code ace playbook export}. */
  @Command(name = "export", sortOptions = false,
      description = {"Write the playbook in another format: json (ace4j's own, lossless: every bullet, removed ones "
          + "too, with revisions and provenance), text (the ACE paper's '[id] helpful=X harmful=Y :: content'), "
          + "kayba (a skillbook that kayba's agentic-context-engine v0.7 and later load; --kayba-version 0.6 for "
          + "older readers) or markdown (for people)."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the playbook was written", HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {"  # A skillbook for kayba 0.6 and earlier",
          "  ace playbook export --format kayba --kayba-version 0.6 --out skillbook.json"})
  // picocli injects @Spec, @Mixin, @ParentCommand and the required --format before call().
  @SuppressWarnings("NullAway.Init")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PlaybookCommand parent;
    @Mixin PlaybookFile file;

    @Option(names = "--format", paramLabel = "FORMAT", order = 1, required = true,
        converter = FormatConverter.class, description = "json, text, kayba or markdown.")
    Format format;

    @Option(names = "--kayba-version", paramLabel = "V", order = 2,
        description = "The kayba version that will read the file: below 0.7 gets the 'bullets' shape, 0.7 and "
            + "later 'skills'. Default: 0.7 and later.")
    @Nullable String kaybaVersion;

    @Option(names = "--out", paramLabel = "FILE", order = 3,
        description = "Write to FILE (replaced whole). Default: standard output.")
    @Nullable Path out;

    @Override
    public Integer call() {
      if (kaybaVersion != null && format != Format.KAYBA) {
        throw new BadInputException("--kayba-version applies to --format kayba only: leave it out");
      }
      KaybaJson.Shape shape = KaybaJson.Shape.SKILLS;
      if (kaybaVersion != null) {
        try {
          shape = KaybaJson.Shape.forKaybaVersion(kaybaVersion);
        } catch (IllegalArgumentException e) {
          throw new BadInputException("--kayba-version " + kaybaVersion + ": " + e.getMessage());
        }
      }
      Path target = out == null ? null : Options.outputFile("--out", out, "playbook." + extension());
      Playbook playbook = PlaybookFiles.current(file.resolve(parent));
      String text = switch (format) {
        case JSON -> PlaybookJson.write(playbook);
        case TEXT -> PlaybookText.write(playbook);
        case KAYBA -> KaybaJson.write(playbook, shape);
        case MARKDOWN -> PlaybookViews.markdown(playbook);
      };
      if (target == null) {
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
      } else {
        Options.writeWhole("--out", target, text);
        spec.commandLine().getErr().println("ace: wrote version " + playbook.version() + " ("
            + Plural.of(playbook.active().size(), "bullet") + ") to " + target.toAbsolutePath());
        spec.commandLine().getErr().flush();
      }
      return ExitCodes.OK;
    }

    private String extension() {
      return switch (format) {
        case JSON, KAYBA -> "json";
        case TEXT -> "txt";
        case MARKDOWN -> "md";
      };
    }
  }

  /** Reads a format by its lower-case name. */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      try {
        return Format.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a format: use json, text, "
            + "kayba or markdown");
      }
    }
  }

  /** {@code ace playbook import}. */
  @Command(name = "import", sortOptions = false,
      description = {"Add the active bullets of FILE to the playbook as one new version, with their counters: "
          + "ace4j JSON, kayba's 'bullets' (v0.1-0.6) or 'skills' (v0.7+), the ACE paper's text format, or the "
          + "original system's JSON array of strategies, told apart by their content. A bullet keeps its id when "
          + "the playbook has not issued that number, else gets the next one; a bullet already present (same "
          + "section and content) is skipped. A malformed FILE writes nothing."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the bullets were added (or all were already there)", HELP_BAD_INPUT,
          ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {"  # The original system's playbook into a playbook of its own",
          "  ace playbook import ace_playbook.json --playbook seed.json"})
  // picocli injects @Spec, @Mixin, @ParentCommand and the required FILE before call().
  @SuppressWarnings("NullAway.Init")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PlaybookCommand parent;
    @Mixin PlaybookFile file;

    @Parameters(paramLabel = "FILE", description = "The playbook to import.")
    Path source;

    @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
      Playbook imported = PlaybookFiles.read("import", source);
      PlaybookImport.requireWithinCap(imported, source.toString());
      Path path = file.resolve(parent);
      if (Files.exists(path)) {
        PlaybookFiles.current(path);
      } else {
        Options.outputFile("--playbook", path, "default.json");
      }
      try (FilePlaybookStore store = FilePlaybookStore.open(path)) {
        PlaybookImport plan = PlaybookImport.of(store.current(), imported, source.getFileName().toString());
        long version = plan.added() == 0 ? store.current().version() : store.apply(plan.batch()).version();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          out.println(PlaybookViewsJson.imported(path.toString(), version, plan));
        } else {
          out.println("imported " + Plural.of(plan.added(), "bullet") + " from " + TerminalText.inline(
              source.toString()) + " into " + path + (plan.added() == 0 ? " (no change)" : " as version " + version)
              + (plan.renumbered() == 0 ? "" : "; " + plan.renumbered() + " renumbered, as their ids were taken")
              + (plan.skipped() == 0 ? "" : "; " + plan.skipped() + " already present, skipped"));
        }
        out.flush();
      }
      return ExitCodes.OK;
    }
  }

  /** {@code ace playbook diff}. */
  @Command(name = "diff", sortOptions = false,
      description = "Print the bullets added, removed and changed (content or counters) from A to B; each is a "
          + "version number of the playbook or a playbook file in any format import reads.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the differences (maybe none) were printed", HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {"  # What versions 3 to 7 changed", "  ace playbook diff 3 7"})
  // picocli injects @Spec, @Mixin, @ParentCommand and the required A and B before call().
  @SuppressWarnings("NullAway.Init")
  static final class Diff implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PlaybookCommand parent;
    @Mixin PlaybookFile file;

    @Parameters(index = "0", paramLabel = "A", description = "A version number or a playbook file.")
    String from;

    @Parameters(index = "1", paramLabel = "B", description = "A version number or a playbook file.")
    String to;

    @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
      PlaybookDiff diff;
      if (isVersion(from) || isVersion(to)) {
        try (FilePlaybookStore store = file.openExisting(parent)) {
          diff = PlaybookDiff.between(playbook(from, store), playbook(to, store));
        }
      } else {
        diff = PlaybookDiff.between(playbook(from, null), playbook(to, null));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? PlaybookViewsJson.diff(diff, label(from), label(to)) + "\n"
          : PlaybookViews.diff(diff, label(from), label(to)));
      out.flush();
      return ExitCodes.OK;
    }

    private static boolean isVersion(String argument) {
      return argument.matches("\\d{1,18}");
    }

    private static String label(String argument) {
      return isVersion(argument) ? "v" + argument : argument;
    }

    private static Playbook playbook(String argument, @Nullable PlaybookStore store) {
      if (!isVersion(argument) || store == null) {
        return PlaybookFiles.read("diff", Path.of(argument));
      }
      try {
        return store.at(Long.parseLong(argument));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("diff " + argument + ": " + e.getMessage());
      }
    }
  }

  /** {@code ace playbook history}. */
  @Command(name = "history", sortOptions = false,
      description = "Print the playbook's versions, oldest first: number, when (UTC), and what changed (the "
          + "batch's reasoning and its operations by type, or the version a rollback restored).",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the history was printed", HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {"  # The versions of the bench playbook, as JSON",
          "  ace playbook history --playbook bench.json --json"})
  // picocli injects @Spec, @Mixin and @ParentCommand before call().
  @SuppressWarnings("NullAway.Init")
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PlaybookCommand parent;
    @Mixin PlaybookFile file;

    @Option(names = "--json", order = 200, description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
      try (FilePlaybookStore store = file.openExisting(parent)) {
        List<PlaybookStore.Version> versions = store.history();
        String name = store.file().toString();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? PlaybookViewsJson.history(versions, name) + "\n" : PlaybookViews.history(versions, name));
        out.flush();
      }
      return ExitCodes.OK;
    }
  }

  /** {@code ace playbook rollback}. */
  @Command(name = "rollback", sortOptions = false,
      description = "Make the playbook as it was at VERSION the latest again, as a new version: history is never "
          + "rewritten, so a rollback can itself be rolled back.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the version was restored", HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL},
      footerHeading = "%nExamples:%n",
      footer = {"  # Undo everything after version 4", "  ace playbook rollback 4"})
  // picocli injects @Spec, @Mixin, @ParentCommand and the required VERSION before call().
  @SuppressWarnings("NullAway.Init")
  static final class Rollback implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PlaybookCommand parent;
    @Mixin PlaybookFile file;

    @Parameters(paramLabel = "VERSION", description = "The version to restore (ace playbook history lists them).")
    long version;

    @Override
    public Integer call() {
      try (FilePlaybookStore store = file.openExisting(parent)) {
        Playbook restored;
        try {
          restored = store.rollback(version);
        } catch (IllegalArgumentException e) {
          throw new BadInputException("rollback " + version + ": " + e.getMessage()
              + " (ace playbook history lists them)");
        }
        spec.commandLine().getOut().println("restored version " + version + " of " + store.file() + " as version "
            + restored.version() + " (" + Plural.of(restored.active().size(), "bullet") + ")");
        spec.commandLine().getOut().flush();
      }
      return ExitCodes.OK;
    }
  }
}
