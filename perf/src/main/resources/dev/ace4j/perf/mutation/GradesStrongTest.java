import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradesStrongTest {
  @Test
  void lettersChangeExactlyAtTheirBoundaries() {
    assertEquals("A", Grades.letter(90));
    assertEquals("B", Grades.letter(89));
    assertEquals("B", Grades.letter(80));
    assertEquals("C", Grades.letter(79));
    assertEquals("C", Grades.letter(70));
    assertEquals("F", Grades.letter(69));
  }

  @Test
  void clampKeepsValuesInRange() {
    assertEquals(1, Grades.clamp(0, 1, 5));
    assertEquals(5, Grades.clamp(9, 1, 5));
    assertEquals(3, Grades.clamp(3, 1, 5));
  }

  @Test
  void totalAddsEveryScore() {
    assertEquals(6, Grades.total(new int[] {1, 2, 3}));
    assertEquals(0, Grades.total(new int[] {}));
  }

  @Test
  void averageDividesByTheCount() {
    assertEquals(1.5, Grades.average(new int[] {1, 2}));
    assertEquals(0.0, Grades.average(new int[] {}));
  }

  @Test
  void fiftyPasses() {
    assertTrue(Grades.passed(50));
    assertFalse(Grades.passed(49));
  }
}
