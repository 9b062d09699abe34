package dev.ace4j.coder;

import dev.ace4j.coder.history.AttemptRow;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.RunInfo;
import dev.ace4j.coder.history.RunStart;
import dev.ace4j.coder.history.Session;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.core.Playbook;
import dev.ace4j.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * A benchmark session: {@code runs} passes over a suite of tasks with one self-learning coder, so its playbook
 * carries from run to run and learning shows up as the runs' pass rates. Each run learns as one batch (tasks written
 * and tested in parallel, lessons curated in task order). Every attempt and every finished task goes to the
 * {@link History} as it happens, so an interrupted session is {@linkplain #resume resumed} without losing a finished
 * task: it continues with the tasks the interrupted run had not finished, then the runs not yet started.
 *
 * <p>A task's score is its hidden tests, run after learning from it; the learner never sees them. The original
 * benchmark's text checks are recorded beside it, as information.
 */
public final class Benchmark {
  /** The history's kind for benchmark sessions (learning). */
  public static final String KIND = "bench";

  private final SelfLearningCoder coder;
  private final HiddenTests hiddenTests;
  private final History history;
  private final Pricing pricing;
  private final Clock clock;

  /**
   * @param coder writes the programs and holds the playbook the runs share
   * @param sandbox runs the hidden tests (the coder's own sandbox may be passed)
   * @param history where every attempt and task result is recorded
   * @param pricing prices each attempt's tokens for the record
   */
  public Benchmark(SelfLearningCoder coder, Sandbox sandbox, History history, Pricing pricing, Clock clock) {
    this.coder = Objects.requireNonNull(coder, "coder");
    this.hiddenTests = new HiddenTests(sandbox);
    this.history = Objects.requireNonNull(history, "history");
    this.pricing = Objects.requireNonNull(pricing, "pricing");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What a session is run on, as recorded in the history.
   *
   * @param kind the history's name for the session's kind: {@value #KIND}, {@code solve}, {@code eval}
   */
  public record Plan(String kind, String suite, List<CodeTask> tasks, String model, String playbook, int runs) {
    public Plan {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(suite, "suite");
      tasks = List.copyOf(tasks);
      if (tasks.isEmpty()) {
        throw new IllegalArgumentException("the suite '" + suite + "' has no tasks: give at least one");
      }
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(playbook, "playbook");
      if (runs < 1) {
        throw new IllegalArgumentException("runs must be at least 1, got " + runs);
      }
    }
  }

  /** Hears about a session as it goes, for progress displays. Called on the thread running the session. */
  public interface Progress {
    default void runStarted(int run, int runs, int pendingTasks) {}

    /** A program was written and tested; may be called from several threads at once. */
    default void attempted(int run, CodeTask task, CodeAttempt attempt) {}

    /** A scored task's hidden-test score, just before {@link #taskFinished}. */
    default void scored(int run, CodeTask task, HiddenTestScore score) {}

    /** A task is done: what the coder produced, and its record as written to the history. */
    default void taskFinished(int run, Solution solution, TaskRow row) {}

    default void runFinished(int run, List<TaskRow> rows) {}
  }

  /** A new session id. */
  public static String newSessionId() {
    return UUID.randomUUID().toString();
  }

  /** Runs the new session {@code sessionId} of {@code plan}, learning from every task; returns when it is done. */
  public void run(String sessionId, Plan plan, Progress progress) {
    continueSession(sessionId, plan, List.of(), progress);
  }

  /**
   * One pass over {@code plan}'s tasks with the playbook frozen: nothing is reflected, curated or written to the
   * playbook; every program is scored with the hidden tests and recorded as the session {@code sessionId}.
   *
   * @throws IllegalArgumentException when {@code plan} has more than one run
   */
  public void evaluate(String sessionId, Plan plan, Progress progress) {
    if (plan.runs() != 1) {
      throw new IllegalArgumentException("an evaluation is one run, got " + plan.runs());
    }
    long runId = history.startRun(new RunStart(sessionId, plan.kind(), plan.suite(), plan.model(), plan.playbook(),
        coder.playbook().version(), 1, 1, clock.instant()));
    pass(runId, 1, plan, plan.tasks(), progress, coder::evaluate);
  }

  /**
   * {@code plan.runs()} samples of a program per task with the playbook frozen, for pass@k: run {@code r} is sample
   * {@code r - 1} of every task, drawn at {@code temperature}, scored with the hidden tests and recorded as run
   * {@code r} of the session {@code sessionId} (so the history keys each sample by task and run).
   */
  public void evaluateSamples(String sessionId, Plan plan, double temperature, Progress progress) {
    for (int run = 1; run <= plan.runs(); run++) {
      int sample = run - 1;
      long runId = history.startRun(new RunStart(sessionId, plan.kind(), plan.suite(), plan.model(),
          plan.playbook(), coder.playbook().version(), run, plan.runs(), clock.instant()));
      pass(runId, run, plan, plan.tasks(), progress,
          (tasks, recorder) -> coder.evaluate(tasks, recorder, sample, temperature));
    }
  }

  /**
   * Continues {@code session} where it stopped: the unfinished run's remaining tasks, then the runs not started.
   *
   * @throws IllegalArgumentException when the session is already complete
   */
  public void resume(Session session, Plan plan, Progress progress) {
    if (session.complete()) {
      throw new IllegalArgumentException("bench session " + session.sessionId() + " already finished all "
          + session.plannedRuns() + " runs: there is nothing to resume; start a new session");
    }
    continueSession(session.sessionId(), plan, session.runs(), progress);
  }

  private void continueSession(String sessionId, Plan plan, List<RunInfo> earlier, Progress progress) {
    for (int number = 1; number <= plan.runs(); number++) {
      int run = number;
      Optional<RunInfo> existing = earlier.stream().filter(r -> r.runNumber() == run).findFirst();
      if (existing.isPresent() && existing.get().finished()) {
        continue;
      }
      long runId = existing.map(RunInfo::runId).orElseGet(() -> history.startRun(new RunStart(sessionId, plan.kind(),
          plan.suite(), plan.model(), plan.playbook(), coder.playbook().version(), run, plan.runs(), clock.instant())));
      Set<String> done = history.finishedTasks(runId);
      List<CodeTask> pending = plan.tasks().stream().filter(task -> !done.contains(task.id())).toList();
      pass(runId, run, plan, pending, progress, coder::learn);
    }
  }

  /**
   * One run over {@code tasks}, written by {@code write} (learning from them or not), each recorded and scored as it
   * finishes.
   */
  private void pass(long runId, int run, Plan plan, List<CodeTask> tasks, Progress progress,
      BiConsumer<List<CodeTask>, SelfLearningCoder.Listener> write) {
    progress.runStarted(run, plan.runs(), tasks.size());
    ExecutorService scorers = Executors.newFixedThreadPool(coder.parallelism(), Benchmark::scorerThread);
    RunRecorder recorder = new RunRecorder(runId, run, plan, progress, scorers);
    try {
      write.accept(tasks, recorder);
      recorder.recordScored(true);
    } finally {
      scorers.shutdownNow();
    }
    history.finishRun(runId, clock.instant());
    progress.runFinished(run, recorder.rows);
  }

  private static Thread scorerThread(Runnable work) {
    Thread thread = new Thread(work, "ace4j-hidden-tests");
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Records one run's attempts as they happen and its tasks in order. The coder hands over finished tasks in order
   * on the session's thread; their hidden tests run on the scorers, beside the coder's next programs, and each task
   * is recorded on the session's thread, still in order, once its score is in.
   */
  private final class RunRecorder implements SelfLearningCoder.Listener {
    private final long runId;
    private final int run;
    private final Plan plan;
    private final Progress progress;
    private final ExecutorService scorers;
    private final long versionAtStart = coder.playbook().version();
    private long firstNewBullet = coder.playbook().nextId();
    private final Deque<Scoring> scoring = new ArrayDeque<>();
    final List<TaskRow> rows = new ArrayList<>();

    RunRecorder(long runId, int run, Plan plan, Progress progress, ExecutorService scorers) {
      this.runId = runId;
      this.run = run;
      this.plan = plan;
      this.progress = progress;
      this.scorers = scorers;
    }

    @Override
    public void attempted(CodeTask task, CodeAttempt attempt) {
      history.recordAttempt(attemptRow(runId, task, attempt, versionAtStart));
      progress.attempted(run, task, attempt);
    }

    @Override
    public void solved(Solution solution) {
      // The playbook as this task left it, taken now: the next tasks' lessons change it while the tests run.
      Playbook playbook = coder.playbook();
      scoring.add(new Scoring(solution, playbook, firstNewBullet,
          CompletableFuture.supplyAsync(() -> hiddenScore(solution), scorers)));
      firstNewBullet = playbook.nextId();
      recordScored(false);
    }

    /** Records the tasks at the head of the queue whose scores are in; with {@code all}, waits for every one. */
    void recordScored(boolean all) {
      while (!scoring.isEmpty() && (all || scoring.element().hidden().isDone())) {
        Scoring next = scoring.remove();
        Optional<HiddenTestScore> hidden = joined(next.hidden());
        TaskRow row = score(runId, plan.model(), next.solution(), hidden, next.playbook(), next.firstNewBullet());
        history.finishTask(row);
        rows.add(row);
        hidden.ifPresent(score -> progress.scored(run, next.solution().task(), score));
        progress.taskFinished(run, next.solution(), row);
      }
    }
  }

  /** A finished task whose hidden tests are running, with the playbook as the task left it. */
  private record Scoring(Solution solution, Playbook playbook, long firstNewBullet,
      CompletableFuture<Optional<HiddenTestScore>> hidden) {}

  /** The value of a finished scoring, or what it threw, as thrown on the session's thread. */
  private static <T> T joined(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private AttemptRow attemptRow(long runId, CodeTask task, CodeAttempt attempt, long playbookVersion) {
    return new AttemptRow(runId, task.id(), attempt.number(), playbookVersion, attempt.passed(),
        attempt.report().status(), attempt.report().errorType(), attempt.usage().inputTokens(),
        attempt.usage().outputTokens(), pricing.cost(attempt.usage()), attempt.duration().toMillis(),
        attempt.code().orElse(""));
  }

  /** The hidden-test score of a scored task's program (run now, after learning); a task without a program scores 0. */
  private Optional<HiddenTestScore> hiddenScore(Solution solution) {
    CodeTask task = solution.task();
    if (!task.scored()) {
      return Optional.empty();
    }
    String code = solution.code().orElse("");
    if (code.isBlank()) {
      return Optional.of(new HiddenTestScore(0, hiddenTests.count(task), false, HiddenTestScore.Verdict.ERROR,
          Optional.of(solution.errorType().orElse(ExecutionReport.NO_CODE)), Duration.ZERO));
    }
    return Optional.of(hiddenTests.score(task, code));
  }

  /**
   * The task's record: its hidden-test score (run now, after learning) beside what the learner saw, and the bullets
   * its lesson added to {@code playbook} (numbered from {@code firstNewBullet} on) that are active in it.
   */
  private TaskRow score(long runId, String model, Solution solution, Optional<HiddenTestScore> hidden,
      Playbook playbook, long firstNewBullet) {
    CodeTask task = solution.task();
    String code = solution.code().orElse("");
    boolean success = hidden.map(HiddenTestScore::allPassed).orElse(solution.passed());
    Optional<String> errorType = solution.errorType();
    if (!success && errorType.isEmpty() && hidden.isPresent()) {
      errorType = Optional.of("hidden_tests_failed");
    }
    long hiddenPassed = hidden.map(HiddenTestScore::passed).orElse(0L);
    long hiddenTotal = hidden.map(HiddenTestScore::total).orElse(0L);
    return new TaskRow(runId, task.id(), task.name(), task.id(), task.difficulty().id(), task.language().id(), model,
        success, solution.firstAttemptPassed(), solution.attempts().size(), solution.rounds(), hiddenPassed,
        hiddenTotal, errorType, solution.citedBullets().size(),
        (int) playbook.active().stream().filter(bullet -> bullet.number() >= firstNewBullet).count(),
        solution.playbookVersion(), playbook.active().size(), solution.usage().inputTokens(),
        solution.usage().outputTokens(), solution.costUsd(), solution.duration().toMillis(),
        task.patternsFound(code), task.validationPassed(code), clock.instant());
  }
}
