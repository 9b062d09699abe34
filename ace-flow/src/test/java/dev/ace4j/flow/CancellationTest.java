package dev.ace4j.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Cancellation tokens: children follow parents, listeners run once, and both can be let go of. */
class CancellationTest {

  @Test
  void cancellingAParentCancelsItsChildrenButNotTheOtherWayRound() {
    Cancellation parent = Cancellation.create();
    Cancellation child = parent.child();
    Cancellation sibling = parent.child();

    sibling.cancel("branch failed");
    assertThat(parent.isCancelled()).isFalse();
    assertThat(child.isCancelled()).isFalse();

    parent.cancel("user stopped");
    assertThat(child.reason()).isEqualTo("user stopped");
    assertThat(sibling.reason()).isEqualTo("branch failed");
  }

  @Test
  void aDetachedChildNoLongerFollowsItsParent() {
    Cancellation parent = Cancellation.create();
    Cancellation child = parent.child();

    child.detach();
    parent.cancel("stop");

    assertThat(child.isCancelled()).isFalse();
  }

  @Test
  void aRemovedListenerDoesNotRunAndOthersRunOnce() {
    Cancellation token = Cancellation.create();
    AtomicInteger removed = new AtomicInteger();
    AtomicInteger kept = new AtomicInteger();
    token.onCancel(removed::incrementAndGet).remove();
    token.onCancel(kept::incrementAndGet);

    token.cancel("first");
    token.cancel("second");

    assertThat(removed).hasValue(0);
    assertThat(kept).hasValue(1);
    assertThat(token.reason()).isEqualTo("first");
  }

  @Test
  void aListenerAddedAfterCancellationRunsAtOnce() {
    Cancellation token = Cancellation.create();
    token.cancel(null);
    AtomicInteger ran = new AtomicInteger();

    token.onCancel(ran::incrementAndGet);

    assertThat(ran).hasValue(1);
    assertThat(token.reason()).isEqualTo("cancelled");
  }
}
