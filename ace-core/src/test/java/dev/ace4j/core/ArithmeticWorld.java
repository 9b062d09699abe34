package dev.ace4j.core;

import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.testing.ScriptedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic scripted model for loop tests: sums "What is A + B?" and forgets the carry (answers one less)
 * unless the rule is where it looks for it; the Reflector names the rule and tags cited bullets helpful; the Curator
 * adds the rule when the playbook lacks it.
 */
final class ArithmeticWorld {
  static final String RULE = "When adding two digits, carry the ten into the next column.";
  private static final Pattern SUM = Pattern.compile("What is (\\d+) \\+ (\\d+)\\?");
  private static final Pattern ID = Pattern.compile("\\[([a-z0-9_]+-\\d{5,})]");

  /** Where the Generator looks for the rule: the playbook only, or anywhere in its prompt (the reflection too). */
  enum Reads {
    PLAYBOOK,
    WHOLE_PROMPT
  }

  boolean curatorRemovesTheRuleWhenPresent;

  ScriptedModel model(Reads reads) {
    return ScriptedModel.answering(request -> answer(request, reads));
  }

  private String answer(ModelRequest request, Reads reads) {
    String prompt = request.allText();
    if (prompt.startsWith("# ACE Generator")) {
      return generate(prompt, reads);
    } else if (prompt.startsWith("# ACE Reflector")) {
      return reflect(prompt);
    }
    return curate(prompt);
  }

  private static String generate(String prompt, Reads reads) {
    String playbook = between(prompt, "## Playbook\n", "## Reflection on your previous attempt");
    String seen = reads == Reads.PLAYBOOK ? playbook : prompt;
    Matcher sum = SUM.matcher(between(prompt, "## Task\n", "## Context"));
    if (!sum.find()) {
      throw new IllegalStateException("no sum in " + prompt);
    }
    int exact = Integer.parseInt(sum.group(1)) + Integer.parseInt(sum.group(2));
    boolean knows = seen.contains(RULE);
    List<String> cited = new ArrayList<>();
    for (String line : playbook.split("\n")) {
      Matcher id = ID.matcher(line);
      if (line.contains(RULE) && id.find()) {
        cited.add("\"" + id.group(1) + "\"");
      }
    }
    return "Sure.\n```json\n{\"reasoning\": \"adding the digits\", \"bullet_ids\": " + cited + ", \"final_answer\": \""
        + (knows ? exact : exact - 1) + "\"}\n```";
  }

  private static String reflect(String prompt) {
    String cited = between(prompt, "## Playbook bullets the attempt cited", "Reply with one JSON object");
    List<String> tags = new ArrayList<>();
    Matcher id = ID.matcher(cited);
    while (id.find()) {
      tags.add("{\"id\": \"" + id.group(1) + "\", \"tag\": \"helpful\"}");
    }
    return "{\"reasoning\": \"the sum lost its carry\", \"error_identification\": \"off by one\","
        + " \"root_cause_analysis\": \"the carry was dropped\", \"correct_approach\": \"carry the ten\","
        + " \"key_insight\": \"" + RULE + "\", \"bullet_tags\": " + tags + "}";
  }

  private String curate(String prompt) {
    String playbook = between(prompt, "## Current playbook\n", "## Task the reflection came from");
    if (!playbook.contains(RULE)) {
      return "{\"reasoning\": \"a missing rule\", \"operations\": [{\"type\": \"ADD\", \"section\":"
          + " \"formulas and calculations\", \"content\": \"" + RULE + "\", \"justification\": \"sums lost carries\"}]}";
    }
    Matcher id = ID.matcher(playbook);
    if (curatorRemovesTheRuleWhenPresent && id.find()) {
      return "{\"reasoning\": \"seems redundant\", \"operations\": [{\"type\": \"REMOVE\", \"bullet_id\": \""
          + id.group(1) + "\"}]}";
    }
    return "{\"reasoning\": \"nothing new\", \"operations\": []}";
  }

  /** Judges the answer against the label; with no label (no oracle) it cannot tell. */
  static Environment environment(List<Sample> seen) {
    return (sample, output) -> {
      seen.add(sample);
      if (sample.groundTruth().isEmpty()) {
        return Feedback.unknown("the program ran; no check available");
      }
      return sample.groundTruth().get().equals(output.finalAnswer().trim())
          ? Feedback.correct("answer matches")
          : Feedback.incorrect("answer does not match");
    };
  }

  static Sample sum(String id, int a, int b) {
    return Sample.of(id, "What is " + a + " + " + b + "?", String.valueOf(a + b));
  }

  static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    if (from < 0) {
      return "";
    }
    from += start.length();
    int to = text.indexOf(end, from);
    return to < 0 ? text.substring(from) : text.substring(from, to);
  }
}
