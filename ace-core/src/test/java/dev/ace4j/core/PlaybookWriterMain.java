package dev.ace4j.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * A child process for the crash and concurrency tests; each mode prints {@code ready} once the store is open.
 *
 * <ul>
 *   <li>{@code churn FILE}: applies mixed batches (and now and then a rollback) forever, printing
 *       {@code committed N} after each;
 *   <li>{@code halt FILE STEP VERSION}: applies batches adding {@code bullet 1}, {@code bullet 2}, ... printing
 *       {@code committed N} after each, and in the commit of version {@code VERSION} prints {@code halted STEP} at
 *       that {@link FilePlaybookStore.CommitStep} and waits there to be killed;
 *   <li>{@code adds FILE PREFIX N OTHER}: applies N batches that each add the bullet {@code PREFIX-i}, the i-th
 *       only once the other writer's {@code OTHER-(i-1)} is in the playbook, then prints {@code done}.
 * </ul>
 */
public final class PlaybookWriterMain {
  private PlaybookWriterMain() {}

  public static void main(String[] args) throws InterruptedException {
    try (FilePlaybookStore store = FilePlaybookStore.open(Path.of(args[1]), Clock.systemUTC(), 8)) {
      System.out.println("ready");
      System.out.flush();
      switch (args[0]) {
        case "churn" -> churn(store);
        case "halt" -> halt(store, FilePlaybookStore.CommitStep.valueOf(args[2]), Long.parseLong(args[3]));
        default -> adds(store, args[2], Integer.parseInt(args[3]), args[4]);
      }
    }
  }

  private static void halt(FilePlaybookStore store, FilePlaybookStore.CommitStep at, long version)
      throws InterruptedException {
    for (long v = store.current().version() + 1; v <= version; v++) {
      if (v == version) {
        FilePlaybookStore.commitSteps = step -> {
          if (step == at) {
            System.out.println("halted " + step);
            System.out.flush();
            sleepUntilKilled();
          }
        };
      }
      store.apply(DeltaBatch.of(Operation.Add.of("Testing", "bullet " + v)));
      System.out.println("committed " + v);
      System.out.flush();
    }
    throw new IllegalStateException("the commit of version " + version + " never passed " + at);
  }

  private static void sleepUntilKilled() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lockstep with slack one: both writers may race for each round, and no round starts before the last ended. */
  static void adds(PlaybookStore store, String prefix, int n, String other) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      String previous = other + "-" + (i - 1);
      while (i > 0 && store.current().active().stream().noneMatch(b -> b.content().equals(previous))) {
        Thread.sleep(1);
      }
      store.apply(DeltaBatch.of(Operation.Add.of("Testing", prefix + "-" + i)));
    }
    System.out.println("done");
  }

  private static void churn(FilePlaybookStore store) {
    Random random = new Random();
    for (long i = 0; ; i++) {
      Playbook current = store.current();
      Playbook next;
      if (i % 25 == 24 && current.version() > 3) {
        next = store.rollback(current.version() - 3);
      } else {
        List<Bullet> active = current.active();
        Operation extra = active.isEmpty() ? Operation.Add.of("Others", "seed")
            : Operation.Tag.of(active.get(random.nextInt(active.size())).id(), Operation.Verdict.HELPFUL);
        String padding = "x".repeat(random.nextInt(2000));
        next = store.apply(new DeltaBatch("churn " + i, List.of(
            Operation.Add.of("Strategies & Insights", "bullet " + i + " " + padding), extra),
            Provenance.of("task-" + i, "crash-test")));
      }
      System.out.println("committed " + next.version());
      System.out.flush();
    }
  }
}
