import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradesWeakTest {
  @Test
  void ninetyFiveIsAnA() {
    assertEquals("A", Grades.letter(95));
  }

  @Test
  void clampKeepsAValueInRange() {
    assertEquals(3, Grades.clamp(3, 1, 5));
  }

  @Test
  void totalRuns() {
    Grades.total(new int[] {1, 2});
  }

  @Test
  void averageRuns() {
    Grades.average(new int[] {2, 2});
  }

  @Test
  void seventyPasses() {
    assertTrue(Grades.passed(70));
  }
}
