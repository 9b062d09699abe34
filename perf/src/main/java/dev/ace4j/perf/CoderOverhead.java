package dev.ace4j.perf;

import dev.ace4j.core.AceLoop;
import dev.ace4j.core.Bullet;
import dev.ace4j.core.Curator;
import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.FilePlaybookStore;
import dev.ace4j.core.Generator;
import dev.ace4j.core.GeneratorOutput;
import dev.ace4j.core.LexicalDeduplicator;
import dev.ace4j.core.Operation;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookJson;
import dev.ace4j.core.PromptView;
import dev.ace4j.core.Provenance;
import dev.ace4j.core.Reflection;
import dev.ace4j.core.Reflector;
import dev.ace4j.core.Refinement;
import dev.ace4j.core.RunResult;
import dev.ace4j.core.Sample;
import dev.ace4j.core.TokenBudget;
import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.core.spi.Message;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.ResponseFormat;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.core.testing.ScriptedModel;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ACE engine's own cost per attempt — everything but model latency and test execution — beside a baseline from
 * the same run. An {@link AceLoop} runs online over samples with a model that answers instantly from precomputed
 * replies and an in-memory environment that rejects each sample's first answer and accepts the second, so every
 * sample is two attempts, one reflection and one curation, persisted by a {@link FilePlaybookStore} seeded with
 * 1,000 bullets. Overhead per attempt = wall time of {@code online(samples)} ÷ attempts made.
 *
 * <p>Baselines: the same model and environment calls made directly, with no engine; and the engine with an empty
 * playbook, which shows what 1,000 bullets add. A last table times each part of a sample on its own.
 */
public final class CoderOverhead {
  private static final int WARM_UP_SAMPLES = 20;
  private static final int ROUNDS = 30;
  private static final int SAMPLES_PER_ROUND = 10;
  private static final int BULLETS = 1_000;
  private static final String[] WORDS = ("guard clamp sentinel invariant memoize iterate accumulate partition "
      + "tokenize normalize reverse rotate prefix suffix window pointer carry digit modulo parity bitmask trie "
      + "heapify dedupe interval overlap sweep greedy backtrack prune frontier visited cycle topological median "
      + "quantile histogram bucket stable inplace immutable copy slice stride chunk pad trim escape quote").split(" ");

  private CoderOverhead() {}

  public static void main(String[] args) throws IOException {
    Playbook seed = withoutDuplicates(PlaybookCosts.playbook(BULLETS, 11));
    int seedTokens = TokenBudget.tokens(seed);
    // The default budget (20,000) would retire bullets after the first curation; keep the playbook at its size.
    TokenBudget budget = TokenBudget.of(Math.max(AceLoop.Builder.DEFAULT_TOKEN_BUDGET, 4 * seedTokens));
    Replies replies = new Replies(seed);
    System.out.printf("seed playbook: %,d active bullets, %,d estimated tokens in the Generator's view; "
        + "token budget %,d (default %,d)%n", seed.active().size(), seedTokens, budget.maxTokens(),
        AceLoop.Builder.DEFAULT_TOKEN_BUDGET);

    Engine full = new Engine(seed, budget, replies);
    Engine empty = new Engine(Playbook.empty(), budget, replies);
    full.round(WARM_UP_SAMPLES);
    empty.round(WARM_UP_SAMPLES);
    bare(replies, WARM_UP_SAMPLES);
    double[] fullPerAttempt = new double[ROUNDS];
    double[] emptyPerAttempt = new double[ROUNDS];
    double[] barePerAttempt = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      fullPerAttempt[round] = full.round(SAMPLES_PER_ROUND);
      emptyPerAttempt[round] = empty.round(SAMPLES_PER_ROUND);
      barePerAttempt[round] = bare(replies, SAMPLES_PER_ROUND);
    }
    System.out.printf("%d rounds of %d samples after %d warm-up samples; attempts per sample %.2f; "
        + "active bullets after a round: %,d (1,000-bullet run), %,d (empty run)%n%n", ROUNDS, SAMPLES_PER_ROUND,
        WARM_UP_SAMPLES, full.attemptsPerSample(), full.bulletsAtEnd, empty.bulletsAtEnd);
    System.out.printf("%-62s %9s %9s%n", "per attempt", "p50 ms", "p95 ms");
    report("ACE engine, 1,000-bullet playbook (file store)", fullPerAttempt);
    report("  baseline: engine, empty playbook (file store)", emptyPerAttempt);
    report("  baseline: the same model and environment calls, no engine", barePerAttempt);
    System.out.printf("%-62s %9.1f%n", "ratio p50: 1,000 bullets / empty playbook",
        percentile(fullPerAttempt, 50) / percentile(emptyPerAttempt, 50));
    System.out.printf("%-62s %9.0f%n", "ratio p50: 1,000 bullets / no engine",
        percentile(fullPerAttempt, 50) / percentile(barePerAttempt, 50));
    System.out.println();
    parts(seed, budget, replies);
  }

  /** The seed with near duplicates merged, so the loop's own dedup finds nothing left over from seeding. */
  private static Playbook withoutDuplicates(Playbook playbook) {
    DeltaBatch merges = Refinement.mergeDuplicates(playbook, LexicalDeduplicator.create());
    return merges.operations().isEmpty() ? playbook : playbook.apply(merges, Instant.EPOCH);
  }

  /** Precomputed replies by role; each Curator reply adds a new sentence unlike every other bullet. */
  static final class Replies {
    final String generator;
    final String reflector;
    final List<String> curator = new ArrayList<>();
    final AtomicInteger next = new AtomicInteger();

    Replies(Playbook playbook) {
      List<String> ids = playbook.active().stream().limit(3).map(Bullet::id).toList();
      List<String> cited = ids.isEmpty() ? List.of("str-00001", "str-00002", "str-00003") : ids;
      generator = "{\"reasoning\": \"Apply the cited rules.\", \"bullet_ids\": [\"" + String.join("\", \"", cited)
          + "\"], \"code\": \"def f():\\n    return 1\\n\"}";
      reflector = "{\"reasoning\": \"The first answer missed an edge case.\", \"error_identification\": \"empty "
          + "input\", \"root_cause_analysis\": \"no guard\", \"correct_approach\": \"guard first\", "
          + "\"key_insight\": \"Guard empty input before indexing.\", \"bullet_tags\": [{\"id\": \"" + cited.get(0)
          + "\", \"tag\": \"helpful\"}]}";
      Random random = new Random(42);
      for (int i = 0; i < 2 * (WARM_UP_SAMPLES + ROUNDS * SAMPLES_PER_ROUND) + 200; i++) {
        StringBuilder sentence = new StringBuilder("Lesson ").append(i);
        for (int w = 0; w < 12; w++) {
          sentence.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        curator.add("{\"reasoning\": \"A new lesson.\", \"operations\": [{\"type\": \"ADD\", \"section\": "
            + "\"common mistakes\", \"content\": \"" + sentence + ".\", \"justification\": \"from the reflection\"}]}");
      }
    }

    String answer(ModelRequest request) {
      return switch (request.role()) {
        case Generator.ROLE -> generator;
        case Reflector.ROLE -> reflector;
        case Curator.ROLE -> curator.get(next.getAndIncrement() % curator.size());
        default -> throw new IllegalStateException("unexpected role \"" + request.role() + "\"");
      };
    }
  }

  /** An environment that rejects each sample's first answer and accepts the next, with no execution. */
  private static Environment secondAnswerRight() {
    Map<String, Integer> seen = new HashMap<>();
    return (sample, output) -> seen.merge(sample.id(), 1, Integer::sum) == 1
        ? Feedback.incorrect("1 of 3 tests failed: f([]) raised IndexError")
        : Feedback.correct("3 of 3 tests passed");
  }

  /** Whole-engine rounds, each in a fresh folder with a fresh store seeded with {@code seed}. */
  private static final class Engine {
    final Playbook seed;
    final TokenBudget budget;
    final Replies replies;
    long samples;
    long attempts;
    int bulletsAtEnd;
    int round;

    Engine(Playbook seed, TokenBudget budget, Replies replies) {
      this.seed = seed;
      this.budget = budget;
      this.replies = replies;
    }

    /** Runs {@code count} samples online; returns the milliseconds per attempt. */
    double round(int count) throws IOException {
      Path dir = Files.createTempDirectory("ace4j-perf-overhead-");
      try {
        Path file = dir.resolve("playbook.json");
        if (!seed.bullets().isEmpty()) {
          Files.writeString(file, PlaybookJson.write(seed));
        }
        List<Sample> batch = new ArrayList<>();
        round++;
        for (int i = 1; i <= count; i++) {
          batch.add(Sample.of("r" + round + "-s" + i, "Write f() returning 1.", "1"));
        }
        ScriptedModel model = ScriptedModel.answering(replies::answer);
        try (FilePlaybookStore store = FilePlaybookStore.open(file);
            AceLoop loop = AceLoop.builder(model, secondAnswerRight(), store)
                .generator(Generator.forCode(model)).tokenBudget(budget).build()) {
          long start = System.nanoTime();
          RunResult result = loop.online(batch);
          long nanos = System.nanoTime() - start;
          int made = result.samples().stream().mapToInt(s -> s.attempts().size()).sum();
          samples += count;
          attempts += made;
          bulletsAtEnd = store.current().active().size();
          return nanos / 1e6 / made;
        }
      } finally {
        deleteRecursively(dir);
      }
    }

    double attemptsPerSample() {
      return (double) attempts / samples;
    }
  }

  /** The model and environment calls of {@code count} samples made directly; returns milliseconds per attempt. */
  private static double bare(Replies replies, int count) {
    ScriptedModel model = ScriptedModel.answering(replies::answer);
    Environment environment = secondAnswerRight();
    ModelRequest generate = request(Generator.ROLE);
    ModelRequest reflect = request(Reflector.ROLE);
    ModelRequest curate = request(Curator.ROLE);
    GeneratorOutput output = new GeneratorOutput("", List.of(), "", Map.of("code", "def f():\n    return 1\n"),
        "", TokenUsage.ZERO);
    long start = System.nanoTime();
    int attempts = 0;
    for (int i = 1; i <= count; i++) {
      Sample sample = Sample.of("bare-" + i, "Write f() returning 1.", "1");
      model.chat(generate);
      environment.evaluate(sample, output);
      model.chat(reflect);
      model.chat(generate);
      environment.evaluate(sample, output);
      model.chat(curate);
      attempts += 2;
    }
    return (System.nanoTime() - start) / 1e6 / attempts;
  }

  private static ModelRequest request(String role) {
    return new ModelRequest(List.of(Message.user("prompt")), ResponseFormat.json(), 0, OptionalInt.empty(), role);
  }

  /** Each part of one sample timed on its own against the 1,000-bullet playbook, to show where the time goes. */
  private static void parts(Playbook seed, TokenBudget budget, Replies replies) throws IOException {
    ScriptedModel model = ScriptedModel.answering(replies::answer);
    Generator generator = Generator.forCode(model);
    Reflector reflector = new Reflector(model);
    Curator curator = new Curator(model);
    Sample sample = Sample.of("part", "Write f() returning 1.", "1");
    Feedback wrong = Feedback.incorrect("1 of 3 tests failed");
    Path dir = Files.createTempDirectory("ace4j-perf-parts-");
    try (Flow flow = Flow.create()) {
      Path file = dir.resolve("playbook.json");
      Files.writeString(file, PlaybookJson.write(seed));
      try (FilePlaybookStore store = FilePlaybookStore.open(file)) {
        Context context = flow.newContext("part");
        GeneratorOutput output = generator.generate(context, sample, seed, Optional.empty());
        Reflection reflection = reflector.reflect(context, sample, output, wrong, seed, true);
        String cited = output.bulletIds().get(0);
        LexicalDeduplicator dedup = LexicalDeduplicator.create();
        System.out.printf("%-62s %9s %9s%n", "one sample's parts, 1,000 bullets (each once per sample)", "p50 ms",
            "p95 ms");
        report("Generator: render + parse, view cached (x2 per sample)",
            time(100, () -> generator.generate(context, sample, store.current(), Optional.of(reflection))));
        report("Generator: the 1,000-bullet view itself (once per sample)",
            time(100, () -> PromptView.withoutCounters(store.current())));
        report("Reflector: cited bullets + render + parse",
            time(100, () -> reflector.reflect(context, sample, output, wrong, store.current(), true)));
        report("Curator: view with counters + stats + render + parse + dry run",
            time(100, () -> curator.curate(context, sample, reflection, store.current(), "sample 1/1",
                Provenance.of("part", "run"))));
        report("store: apply + persist the sample's lesson (tag + ADD)", time(40, () -> {
          List<Operation> lesson = new ArrayList<>();
          lesson.add(new Operation.Tag(cited, Operation.Verdict.HELPFUL, ""));
          lesson.addAll(curator.curate(context, sample, reflection, store.current(), "", Provenance.none())
              .batch().operations());
          return store.apply(new DeltaBatch("lesson", lesson, Provenance.none()));
        }));
        String added = store.current().active().get(store.current().active().size() - 1).id();
        report("refine: dedup of what the batch changed (the loop's)",
            time(40, () -> Refinement.mergeDuplicatesOf(store.current(), Set.of(added), dedup)));
        report("  for comparison: dedup of the whole playbook",
            time(40, () -> Refinement.mergeDuplicates(store.current(), dedup)));
        report("refine: token budget check", time(40, () -> budget.enforce(store.current())));
        report("store: current() (re-reads what other processes wrote)", time(200, store::current));
        System.out.printf("(the lesson row includes one curate call; active bullets now %,d)%n",
            store.current().active().size());
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  @FunctionalInterface
  private interface Work {
    Object run() throws IOException;
  }

  private static double[] time(int runs, Work work) throws IOException {
    for (int i = 0; i < Math.max(3, runs / 5); i++) {
      work.run();
    }
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    return millis;
  }

  private static void report(String what, double[] millis) {
    System.out.printf("%-62s %9.3f %9.3f%n", what, percentile(millis, 50), percentile(millis, 95));
  }

  private static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1));
    return sorted[index];
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
