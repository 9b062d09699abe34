package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** stdout compared with the expected output token by token, numbers within the tolerance when there is one. */
class IoTestTest {
  @Test
  void comparesTokenByTokenWhateverTheWhitespace() {
    IoTest test = new IoTest("", "1 2\n3\n", 0);

    assertThat(test.accepts("1\n2   3")).isTrue();
    assertThat(test.accepts("  1 2 3 \r\n\n")).isTrue();
    assertThat(test.accepts("1 2")).isFalse();
    assertThat(test.accepts("1 2 3 4")).isFalse();
    assertThat(test.accepts("12 3")).isFalse();
    assertThat(test.accepts("")).as("a program that printed nothing").isFalse();
  }

  @Test
  void comparesNumbersExactlyAsTextWithoutATolerance() {
    assertThat(new IoTest("", "0.5", 0).accepts("0.50")).isFalse();
    assertThat(new IoTest("", "YES", 0).accepts("yes")).isFalse();
  }

  @Test
  void acceptsNumbersWithinTheToleranceAbsoluteOrRelative() {
    IoTest test = new IoTest("", "1.666667 1000000 word", 1e-6);

    assertThat(test.accepts("1.6666666666666667 1000000.5 word")).as("absolute, then relative").isTrue();
    assertThat(test.accepts("1.6667 1000000 word")).isFalse();
    assertThat(test.accepts("1.666667 1000002 word")).isFalse();
    assertThat(test.accepts("1.666667 1000000 Word")).as("words still compare exactly").isFalse();
    assertThat(test.accepts("1.666667 NaN word")).isFalse();
  }

  @Test
  void refusesANegativeOrNonFiniteTolerance() {
    assertThatThrownBy(() -> new IoTest("", "", -1)).hasMessageContaining("give e.g. 1e-6");
    assertThatThrownBy(() -> new IoTest("", "", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
