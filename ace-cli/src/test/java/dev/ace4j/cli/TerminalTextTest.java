package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What ace's own lines quote from a program is shown, never interpreted by the terminal. */
class TerminalTextTest {

  @Test
  void escapesTerminalControlSequencesNewlinesAndBidirectionalOverrides() {
    String forged = "ace4j-launch: \u001b]52;c;aGk=\u0007 ok\r\nnext\u202elaunch\u0085";

    assertThat(TerminalText.inline(forged))
        .isEqualTo("ace4j-launch: \\x1b]52;c;aGk=\\x07 ok\\x0d\\x0anext\\u202elaunch\\x85");
  }

  @Test
  void leavesPrintableTextAloneInAnyScript() {
    String text = "ZeroDivisionError: division by zero — 零除算 ✓ émoji 🙂";

    assertThat(TerminalText.inline(text)).isEqualTo(text);
  }
}
