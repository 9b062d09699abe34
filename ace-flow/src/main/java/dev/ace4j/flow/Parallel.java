package dev.ace4j.flow;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;

/**
 * Groups of steps run on the same input at the same time, on the workflow's executor ({@link Context#executor()}),
 * at most {@code maxConcurrency} at once (default: the whole group). Each branch runs through {@link Context#run},
 * so its span is a child of the group's span although it runs on another thread. Three ways to end: {@link #all}
 * (every result, or the first failure), {@link #firstSuccess} (the first result) and {@link #settled} (every
 * branch's {@link Outcome}, failures kept).
 *
 * <p>When the group no longer needs its running branches (a failure in {@link #all}, a success in
 * {@link #firstSuccess}, the workflow being cancelled), it cancels their child {@link Cancellation} token and
 * interrupts their threads, starts no more of them, and returns at once: a branch that ignores both finishes in the
 * background and its span ends when it does. Cancelling the workflow cancels the running branches.
 *
 * <pre>{@code
 * Step<Task, List<Patch>> candidates = Parallel.all("candidates", 2, List.of(gpt, claude, local));
 * Step<Query, Answer> hedged = Parallel.firstSuccess("hedged", List.of(primary, replica));
 * Step<Task, List<Outcome<Patch>>> tried = Parallel.settled("tried", 2, List.of(gpt, claude, local));
 * }</pre>
 *
 * <p>Nested groups share the executor: with a bounded pool of your own ({@link Flow.Builder#executor}), give it
 * more threads than the branches that can wait on each other, or they deadlock.
 */
public final class Parallel {
  static final AttributeKey<String> MODE = AttributeKey.stringKey("ace.flow.parallel.mode");
  static final AttributeKey<Long> SIZE = AttributeKey.longKey("ace.flow.parallel.size");
  static final AttributeKey<Long> MAX_CONCURRENCY = AttributeKey.longKey("ace.flow.parallel.max_concurrency");
  static final AttributeKey<Long> FAILED = AttributeKey.longKey("ace.flow.parallel.failed");
  static final AttributeKey<String> WINNER = AttributeKey.stringKey("ace.flow.parallel.winner");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("ace.flow.parallel.reason");

  private Parallel() {}

  /** A step that runs every one of {@code steps} on its input at once and returns their results in group order. */
  public static <I, O> Step<I, List<O>> all(String name, List<? extends Step<I, O>> steps) {
    return all(name, requireSteps(steps).size(), steps);
  }

  /**
   * A step that runs every one of {@code steps} on its input, at most {@code maxConcurrency} at once, and returns
   * their results in group order. The first failure cancels the branches still running and is rethrown as it is.
   *
   * @throws IllegalArgumentException if {@code steps} is empty or {@code maxConcurrency} is below 1
   */
  public static <I, O> Step<I, List<O>> all(String name, int maxConcurrency, List<? extends Step<I, O>> steps) {
    Group<I, O> group = new Group<>(maxConcurrency, steps);
    return Step.of(name, group::all);
  }

  /** A step that runs {@code steps} on its input at once and returns the first result to succeed. */
  public static <I, O> Step<I, O> firstSuccess(String name, List<? extends Step<I, O>> steps) {
    return firstSuccess(name, requireSteps(steps).size(), steps);
  }

  /**
   * A step that runs {@code steps} on its input, at most {@code maxConcurrency} at once, returns the first result
   * to succeed and cancels the rest. When every branch fails, it throws the last failure with the others
   * suppressed.
   *
   * @throws IllegalArgumentException if {@code steps} is empty or {@code maxConcurrency} is below 1
   */
  public static <I, O> Step<I, O> firstSuccess(String name, int maxConcurrency, List<? extends Step<I, O>> steps) {
    Group<I, O> group = new Group<>(maxConcurrency, steps);
    return Step.of(name, group::firstSuccess);
  }

  /** A step that runs every one of {@code steps} on its input at once and returns each one's outcome. */
  public static <I, O> Step<I, List<Outcome<O>>> settled(String name, List<? extends Step<I, O>> steps) {
    return settled(name, requireSteps(steps).size(), steps);
  }

  /**
   * A step that runs every one of {@code steps} on its input, at most {@code maxConcurrency} at once, waits for all
   * of them and returns each one's {@link Outcome} in group order: a branch's failure is kept in its outcome and
   * neither cancels the other branches nor stops the next ones from starting. The group's span counts the failures
   * ({@code ace.flow.parallel.failed}). Two things still end the group early: the workflow being cancelled or past
   * its deadline, which cancels the running branches and throws {@link StepCancelledException}, and an
   * {@link Error} in a branch, which is no outcome but a broken program: it cancels the others and is rethrown.
   *
   * @throws IllegalArgumentException if {@code steps} is empty or {@code maxConcurrency} is below 1
   */
  public static <I, O> Step<I, List<Outcome<O>>> settled(String name, int maxConcurrency,
      List<? extends Step<I, O>> steps) {
    Group<I, O> group = new Group<>(maxConcurrency, steps);
    return Step.of(name, group::settled);
  }

  private static <S> List<S> requireSteps(List<S> steps) {
    Objects.requireNonNull(steps, "steps");
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("steps must not be empty: give the parallel group at least one step");
    }
    steps.forEach(step -> Objects.requireNonNull(step, "step"));
    return steps;
  }

  /** A group's configuration; immutable. */
  private static final class Group<I, O> {
    private final List<Step<I, O>> steps;
    private final int maxConcurrency;

    Group(int maxConcurrency, List<? extends Step<I, O>> steps) {
      this.steps = List.copyOf(requireSteps(steps));
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException("maxConcurrency must be at least 1, got " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
    }

    List<O> all(I input, Context context) throws Exception {
      describe(context, "all");
      List<O> results = new ArrayList<>(Collections.nCopies(steps.size(), null));
      try (Branches<I, O> branches = new Branches<>(steps, input, context)) {
        branches.startUpTo(maxConcurrency);
        while (branches.running()) {
          Future<O> done = branches.take();
          int index = branches.indexOf(done);
          try {
            results.set(index, branches.outcome(done));
          } catch (Exception | Error failure) {
            branches.cancel("branch " + steps.get(index).name() + " failed: " + failure);
            throw failure;
          }
          branches.startUpTo(maxConcurrency);
        }
      }
      return Collections.unmodifiableList(results);
    }

    List<Outcome<O>> settled(I input, Context context) throws Exception {
      describe(context, "settled");
      List<Outcome<O>> outcomes = new ArrayList<>(Collections.nCopies(steps.size(), null));
      long failed = 0;
      try (Branches<I, O> branches = new Branches<>(steps, input, context)) {
        branches.startUpTo(maxConcurrency);
        while (branches.running()) {
          Future<O> done = branches.take();
          int index = branches.indexOf(done);
          String branch = steps.get(index).name();
          try {
            outcomes.set(index, Outcome.success(branch, branches.outcome(done)));
          } catch (Exception failure) {
            // A branch failing because the workflow stopped is the workflow's end, not the branch's outcome.
            context.checkActive();
            outcomes.set(index, Outcome.failure(branch, failure));
            failed++;
          }
          branches.startUpTo(maxConcurrency);
        }
      }
      context.span().setAttribute(FAILED, failed);
      return Collections.unmodifiableList(outcomes);
    }

    O firstSuccess(I input, Context context) throws Exception {
      describe(context, "first_success");
      List<Exception> failures = new ArrayList<>();
      try (Branches<I, O> branches = new Branches<>(steps, input, context)) {
        branches.startUpTo(maxConcurrency);
        while (true) {
          Future<O> done = branches.take();
          String branch = steps.get(branches.indexOf(done)).name();
          try {
            O output = branches.outcome(done);
            context.span().setAttribute(WINNER, branch);
            branches.cancel("branch " + branch + " succeeded first");
            return output;
          } catch (Exception failure) {
            failures.add(failure);
            if (!branches.running()) {
              throw lastWithOthersSuppressed(failures);
            }
            stopIfInactive(context, failures);
          }
          branches.startUpTo(maxConcurrency);
        }
      }
    }

    private void describe(Context context, String mode) {
      context.span().setAllAttributes(Attributes.of(MODE, mode, SIZE, (long) steps.size(),
          MAX_CONCURRENCY, (long) maxConcurrency));
    }

    /** Once the workflow is cancelled or late, the remaining branches could not start: stop with that. */
    private static void stopIfInactive(Context context, List<Exception> failures) {
      try {
        context.checkActive();
      } catch (StepCancelledException stop) {
        failures.forEach(stop::addSuppressed);
        throw stop;
      }
    }

    private static Exception lastWithOthersSuppressed(List<Exception> failures) {
      Exception last = failures.get(failures.size() - 1);
      failures.stream().filter(f -> f != last).forEach(last::addSuppressed);
      return last;
    }
  }

  /**
   * One run's branches: started in group order as slots free up, collected as they finish. Used by the group's
   * thread only, except {@link #interruptAll}, which the cancellation token may call from any thread.
   */
  private static final class Branches<I, O> implements AutoCloseable {
    private final List<Step<I, O>> steps;
    private final I input;
    private final Context parent;
    private final Context group;
    private final CompletionService<O> completions;
    private final ConcurrentHashMap<Future<O>, Integer> started = new ConcurrentHashMap<>();
    private int next;
    private int pending;

    Branches(List<Step<I, O>> steps, I input, Context parent) {
      this.steps = steps;
      this.input = input;
      this.parent = parent;
      this.group = parent.withChildCancellation();
      this.completions = new ExecutorCompletionService<>(parent.executor());
      group.cancellation().onCancel(this::interruptAll);
    }

    void startUpTo(int maxConcurrency) {
      while (pending < maxConcurrency && next < steps.size()) {
        int index = next++;
        Step<I, O> step = steps.get(index);
        Future<O> future = completions.submit(() -> group.run(step, input));
        started.put(future, index);
        pending++;
        // The token may have been cancelled between submit and put, missing this future.
        if (group.cancellation().isCancelled()) {
          future.cancel(true);
        }
      }
    }

    /** Whether a branch is running or waiting to start. */
    boolean running() {
      return pending > 0 || next < steps.size();
    }

    Future<O> take() throws InterruptedException {
      Future<O> done = completions.take();
      pending--;
      return done;
    }

    int indexOf(Future<O> future) {
      return Objects.requireNonNull(started.get(future), "a future this group did not start");
    }

    /** The branch's result, or its failure as it was thrown. */
    O outcome(Future<O> done) throws Exception {
      try {
        return done.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
          throw error;
        }
        throw cause instanceof Exception exception ? exception : e;
      } catch (CancellationException e) {
        // Only a cancelled token cancels futures; if it was the workflow's, say so.
        parent.checkActive();
        throw new StepCancelledException("parallel branch was cancelled: " + group.cancellation().reason());
      }
    }

    void cancel(String why) {
      if (running()) {
        parent.span().addEvent("cancel", Attributes.of(REASON, why));
      }
      group.cancellation().cancel(why);
    }

    private void interruptAll() {
      started.keySet().forEach(future -> future.cancel(true));
    }

    /** Cancels what still runs (the group's thread was interrupted, or failed) and lets go of the futures. */
    @Override
    public void close() {
      if (running()) {
        group.cancellation().cancel("parallel group ended");
      }
      group.cancellation().detach();
      started.clear();
    }
  }
}
