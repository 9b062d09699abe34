package dev.ace4j.coder;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pass@k, the unbiased estimator of Chen et al. (2021, "Evaluating Large Language Models Trained on Code"): with
 * {@code n} samples of a problem of which {@code c} are correct, the probability that at least one of {@code k}
 * samples drawn without replacement is correct, {@code 1 - C(n - c, k) / C(n, k)}; computed as the product
 * {@code 1 - Π_{i = n - c + 1}^{n} (1 - k / i)}, which needs no large binomials. A dataset's pass@k is the mean over
 * its problems.
 */
public final class PassAtK {
  private static final int[] KS = {1, 10, 100};

  private PassAtK() {}

  /**
   * A dataset's pass@k for k in 1, 10 and 100 where every problem has at least k samples, by k in increasing order
   * (empty without samples), as the official HumanEval harness reports it.
   *
   * @param problems each problem's samples, whether each passed
   */
  public static Map<Integer, Double> table(Collection<List<Boolean>> problems) {
    int fewest = problems.stream().mapToInt(List::size).min().orElse(0);
    Map<Integer, Double> table = new LinkedHashMap<>();
    for (int k : KS) {
      if (k <= fewest) {
        table.put(k, problems.stream().mapToDouble(samples -> estimate(samples.size(),
            (int) samples.stream().filter(Boolean::booleanValue).count(), k)).average().orElse(0));
      }
    }
    return table;
  }

  /**
   * The estimate for one problem.
   *
   * @throws IllegalArgumentException unless {@code 0 <= c <= n} and {@code 1 <= k <= n}
   */
  public static double estimate(int n, int c, int k) {
    if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
      throw new IllegalArgumentException("pass@k needs 0 <= c <= n and 1 <= k <= n, got n=" + n + ", c=" + c + ", k="
          + k + ": draw at least k samples per problem");
    }
    if (n - c < k) {
      return 1.0; // every draw of k holds a correct sample
    }
    double allWrong = 1.0;
    for (int i = n - c + 1; i <= n; i++) {
      allWrong *= 1.0 - (double) k / i;
    }
    return 1.0 - allWrong;
  }
}
