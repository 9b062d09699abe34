package dev.ace4j.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * A child process for the crash and concurrency tests. {@code churn FILE}: applies mixed batches (and now and then
 * a rollback) forever, printing {@code committed N} after each; {@code adds FILE PREFIX N}: applies N batches that
 * each add the bullet {@code PREFIX-i}, then prints {@code done}. Both print {@code ready} once the store is open.
 */
public final class PlaybookWriterMain {
  private PlaybookWriterMain() {}

  public static void main(String[] args) {
    try (FilePlaybookStore store = FilePlaybookStore.open(Path.of(args[1]), Clock.systemUTC(), 8)) {
      System.out.println("ready");
      System.out.flush();
      if (args[0].equals("churn")) {
        churn(store);
      } else {
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
          store.apply(DeltaBatch.of(Operation.Add.of("Testing", args[2] + "-" + i)));
        }
        System.out.println("done");
      }
    }
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
