package dev.ace4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonRepliesTest {

  @Test
  void readsABareObject() throws ReplyProblem {
    assertThat(JsonReplies.parseObject("{\"final_answer\": \"4\"}").get("final_answer").asText()).isEqualTo("4");
  }

  @Test
  void readsAnObjectInsideAJsonFence() throws ReplyProblem {
    String reply = "Here you go:\n```json\n{\"final_answer\": \"4\", \"bullet_ids\": []}\n```\nHope it helps.";
    assertThat(JsonReplies.parseObject(reply).get("final_answer").asText()).isEqualTo("4");
  }

  @Test
  void readsAnObjectWrappedInProse() throws ReplyProblem {
    String reply = "Let me think. The answer {as JSON} is {\"final_answer\": \"13\"} and that is final.";
    assertThat(JsonReplies.parseObject(reply).get("final_answer").asText()).isEqualTo("13");
  }

  @Test
  void keepsBracesInsideStringsOutOfTheBalance() throws ReplyProblem {
    String reply = "Answer: {\"code\": \"def f():\\n    return {'a': '}'}\", \"final_answer\": \"ok\"} done";
    ObjectNode object = JsonReplies.parseObject(reply);
    assertThat(object.get("code").asText()).isEqualTo("def f():\n    return {'a': '}'}");
    assertThat(object.get("final_answer").asText()).isEqualTo("ok");
  }

  @Test
  void keepsEscapedQuotesInsideStrings() throws ReplyProblem {
    String reply = "so {\"reasoning\": \"she said \\\"}{\\\" twice\", \"final_answer\": \"x\"}";
    assertThat(JsonReplies.parseObject(reply).get("reasoning").asText()).isEqualTo("she said \"}{\" twice");
  }

  @Test
  void readsNestedObjects() throws ReplyProblem {
    String reply = "{\"operations\": [{\"type\": \"ADD\", \"meta\": {\"k\": 1}}], \"reasoning\": \"r\"}";
    assertThat(JsonReplies.parseObject(reply).get("operations").get(0).get("meta").get("k").asInt()).isEqualTo(1);
  }

  @Test
  void saysSoWhenThereIsNoObjectAtAll() {
    assertThatThrownBy(() -> JsonReplies.parseObject("The answer is 4."))
        .isInstanceOf(ReplyProblem.class).hasMessageContaining("no JSON object");
  }

  @Test
  void saysSoWhenTheObjectIsNeverClosed() {
    assertThatThrownBy(() -> JsonReplies.parseObject("{\"final_answer\": \"4\""))
        .isInstanceOf(ReplyProblem.class).hasMessageContaining("never closed");
  }

  @Test
  void quotesTheParserWhenTheObjectIsMalformed() {
    assertThatThrownBy(() -> JsonReplies.parseObject("{\"final_answer\": 4 4}"))
        .isInstanceOf(ReplyProblem.class).hasMessageContaining("malformed");
  }
}
