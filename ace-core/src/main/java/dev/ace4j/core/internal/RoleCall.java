package dev.ace4j.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.ModelReplyException;
import dev.ace4j.core.RoleConfig;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.Message;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.ResponseFormat;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Step;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.Map;

/**
 * One role's model call as ace-flow steps: a step named after the role (its span) that runs the model call as
 * {@code ROLE.chat}, passing the model its context (the model owns retries and time limits), parses the reply, and,
 * when the reply is not usable, tells the model it was {@linkplain LanguageModel#rejected rejected} and asks once
 * more in the same conversation, quoting the problem. A second unusable reply is rejected too and ends in a
 * {@link ModelReplyException}.
 */
public final class RoleCall {
  private static final AttributeKey<String> PROBLEM = AttributeKey.stringKey("ace.role.reply_problem");
  private static final PromptTemplate REASK = PromptTemplate.load("reask-v1");

  private RoleCall() {}

  /** Turns a reply's JSON object into the role's value, or says what is wrong with it. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(ObjectNode reply) throws ReplyProblem;
  }

  /** A parsed reply and what the call (re-ask included) cost. */
  public record Parsed<T>(T value, String raw, TokenUsage usage) {}

  /**
   * Runs the role {@code role} as a child step of {@code context}.
   *
   * @throws ModelReplyException when the reply and the re-asked reply are both unusable
   */
  public static <T> Parsed<T> run(Context context, String role, LanguageModel model, RoleConfig config,
      String prompt, Parser<T> parser) {
    Step<ModelRequest, ModelReply> chat = Step.<ModelRequest, ModelReply>of(role + ".chat", model::chat);
    Step<String, Parsed<T>> step = Step.of(role, (String text, Context c) -> {
      ModelRequest request = new ModelRequest(List.of(Message.user(text)), ResponseFormat.json(),
          config.temperature(), config.maxTokens(), role);
      ModelReply first = c.run(chat, request);
      try {
        return new Parsed<>(parser.parse(JsonReplies.parseObject(first.text())), first.text(), first.usage());
      } catch (ReplyProblem problem) {
        model.rejected(request, first);
        c.span().addEvent("reask", Attributes.of(PROBLEM, problem.getMessage()));
        ModelRequest again = request.followedBy(Message.assistant(first.text()),
            Message.user(REASK.render(Map.of("problem", problem.getMessage()))));
        ModelReply second = c.run(chat, again);
        TokenUsage usage = first.usage().plus(second.usage());
        try {
          return new Parsed<>(parser.parse(JsonReplies.parseObject(second.text())), second.text(), usage);
        } catch (ReplyProblem stillWrong) {
          model.rejected(again, second);
          throw new ModelReplyException(role, String.valueOf(stillWrong.getMessage()), second.text());
        }
      }
    });
    return context.call(step, prompt);
  }
}
