package dev.ace4j.models.internal;

import dev.ace4j.core.spi.Message;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.TokenUsage;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * The one translation between ace-core's model SPI and LangChain4j's chat API, shared by every provider: the
 * provider modules turn {@link ChatRequest}'s response format into their own wire field (OpenAI
 * {@code response_format}, Anthropic {@code output_config}, Gemini {@code generationConfig}).
 */
public final class ChatAdapter {
  /** The schema's name on the wire; OpenAI requires one. */
  static final String SCHEMA_NAME = "reply";

  private ChatAdapter() {}

  /**
   * {@code request} for {@code model}.
   *
   * @param defaultMaxTokens used when the request sets no cap; 0 for none (Anthropic requires one)
   */
  public static ChatRequest toChatRequest(ModelRequest request, String model, int defaultMaxTokens) {
    ChatRequest.Builder chat = ChatRequest.builder()
        .modelName(model)
        .messages(request.messages().stream().map(ChatAdapter::toMessage).toList())
        .temperature(request.temperature())
        .responseFormat(toFormat(request.responseFormat()));
    if (request.maxTokens().isPresent()) {
      chat.maxOutputTokens(request.maxTokens().getAsInt());
    } else if (defaultMaxTokens > 0) {
      chat.maxOutputTokens(defaultMaxTokens);
    }
    return chat.build();
  }

  /** The reply in {@code response}; the model id is the provider's, or {@code requestedModel} if it sent none. */
  public static ModelReply toReply(ChatResponse response, String requestedModel) {
    AiMessage message = response.aiMessage();
    String text = message == null || message.text() == null ? "" : message.text();
    dev.langchain4j.model.output.TokenUsage usage = response.tokenUsage();
    TokenUsage tokens = usage == null ? TokenUsage.ZERO
        : new TokenUsage(orZero(usage.inputTokenCount()), orZero(usage.outputTokenCount()));
    String model = response.modelName() == null || response.modelName().isBlank() ? requestedModel
        : response.modelName();
    return new ModelReply(text, tokens, model);
  }

  static ResponseFormat toFormat(dev.ace4j.core.spi.ResponseFormat format) {
    return switch (format.kind()) {
      case TEXT -> ResponseFormat.TEXT;
      case JSON -> ResponseFormat.JSON;
      case JSON_SCHEMA -> ResponseFormat.builder().type(ResponseFormatType.JSON)
          .jsonSchema(JsonSchema.builder().name(SCHEMA_NAME)
              .rootElement(JsonRawSchema.from(format.schema().orElseThrow())).build())
          .build();
    };
  }

  private static ChatMessage toMessage(Message message) {
    return switch (message.role()) {
      case SYSTEM -> SystemMessage.from(message.text());
      case USER -> UserMessage.from(message.text());
      case ASSISTANT -> AiMessage.from(message.text());
    };
  }

  private static long orZero(Integer count) {
    return count == null ? 0 : count;
  }

}
