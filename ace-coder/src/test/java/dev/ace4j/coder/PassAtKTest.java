package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** pass@k against the closed form with exact binomials, and the cases everyone knows. */
class PassAtKTest {
  @Test
  void passAtOneIsTheShareOfCorrectSamples() {
    assertThat(PassAtK.estimate(10, 3, 1)).isCloseTo(0.3, within(1e-12));
    assertThat(PassAtK.estimate(200, 0, 1)).isZero();
    assertThat(PassAtK.estimate(200, 200, 1)).isEqualTo(1.0);
  }

  @Test
  void matchesOneMinusTheExactBinomialRatio() {
    int[][] cases = {{10, 3, 5}, {20, 1, 10}, {200, 13, 10}, {200, 13, 100}, {100, 99, 2}, {5, 0, 5}, {7, 2, 6}};
    for (int[] c : cases) {
      double exact = 1.0 - new java.math.BigDecimal(binomial(c[0] - c[1], c[2]))
          .divide(new java.math.BigDecimal(binomial(c[0], c[2])), java.math.MathContext.DECIMAL128).doubleValue();
      assertThat(PassAtK.estimate(c[0], c[1], c[2])).as("n=%d c=%d k=%d", c[0], c[1], c[2])
          .isCloseTo(exact, within(1e-12));
    }
    // By hand: 10 samples, 3 correct, draw 5: 1 - C(7,5)/C(10,5) = 1 - 21/252.
    assertThat(PassAtK.estimate(10, 3, 5)).isCloseTo(1 - 21.0 / 252, within(1e-12));
    assertThat(PassAtK.estimate(7, 2, 6)).as("fewer wrong samples than k: a correct one is always drawn")
        .isEqualTo(1.0);
  }

  @Test
  void refusesImpossibleCounts() {
    assertThatThrownBy(() -> PassAtK.estimate(5, 6, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PassAtK.estimate(5, 1, 10)).hasMessageContaining("k <= n");
    assertThatThrownBy(() -> PassAtK.estimate(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static BigInteger binomial(int n, int k) {
    if (k < 0 || k > n) {
      return BigInteger.ZERO;
    }
    BigInteger result = BigInteger.ONE;
    for (int i = 1; i <= k; i++) {
      result = result.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
    }
    return result;
  }
}
