package dev.ace4j.models;

/** Replies in each provider's real wire format. */
final class Wire {
  private Wire() {}

  static String openAi(String text, String model, int in, int out) {
    return """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"%s",
         "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}"""
        .formatted(model, quote(text), in, out, in + out);
  }

  static String anthropic(String text, String model, int in, int out) {
    return """
        {"id":"msg_1","type":"message","role":"assistant","model":"%s",
         "content":[{"type":"text","text":%s}],"stop_reason":"end_turn",
         "usage":{"input_tokens":%d,"output_tokens":%d}}"""
        .formatted(model, quote(text), in, out);
  }

  static String gemini(String text, String model, int in, int out) {
    return """
        {"candidates":[{"content":{"role":"model","parts":[{"text":%s}]},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":%d,"candidatesTokenCount":%d,"totalTokenCount":%d},
         "modelVersion":"%s"}"""
        .formatted(quote(text), in, out, in + out, model);
  }

  private static String quote(String text) {
    try {
      return FakeProvider.JSON.writeValueAsString(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
