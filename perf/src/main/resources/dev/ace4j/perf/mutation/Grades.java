public class Grades {
  public static String letter(int score) {
    if (score >= 90) {
      return "A";
    }
    if (score >= 80) {
      return "B";
    }
    if (score >= 70) {
      return "C";
    }
    return "F";
  }

  public static int clamp(int x, int lo, int hi) {
    if (x < lo) {
      return lo;
    }
    if (x > hi) {
      return hi;
    }
    return x;
  }

  public static int total(int[] scores) {
    int sum = 0;
    for (int s : scores) {
      sum += s;
    }
    return sum;
  }

  public static double average(int[] scores) {
    if (scores.length == 0) {
      return 0;
    }
    return (double) total(scores) / scores.length;
  }

  public static boolean passed(int score) {
    return score >= 50;
  }
}
