package org.valbench.flows;

import java.util.Optional;
import org.valbench.judge.JudgePrompt;
import org.valbench.protocol.Protocol;
import org.valbench.protocol.ProtocolPrompt;

/**
 * Picks each system prompt: the one a flag gives, else the protocol's (the reference
 * implementation's, fetched and cached, or valbench's own).
 */
final class ProtocolPrompts {
  private ProtocolPrompts() {}

  /** The candidate's system prompt; {@code --system-prompt} wins over the protocol. */
  static ProtocolPrompt candidate(
      FlowContext context, Protocol protocol, Optional<String> fromFlag) {
    if (fromFlag.isPresent()) {
      return ProtocolPrompt.given(fromFlag.get(), protocol, "--system-prompt");
    }
    return switch (protocol) {
      case REFERENCE -> context.referenceFiles().candidate();
      case VALBENCH ->
          ProtocolPrompt.given(ResponsesSettings.DEFAULT_SYSTEM_PROMPT, protocol, protocol.id());
    };
  }

  /** The judge's system prompt; the text of {@code --judge-prompt-file} wins over the protocol. */
  static ProtocolPrompt judge(FlowContext context, Protocol protocol, Optional<String> fromFile) {
    if (fromFile.isPresent()) {
      return ProtocolPrompt.given(fromFile.get(), protocol, "--judge-prompt-file");
    }
    return switch (protocol) {
      case REFERENCE -> context.referenceFiles().judge();
      case VALBENCH -> ProtocolPrompt.given(JudgePrompt.SYSTEM_PROMPT, protocol, protocol.id());
    };
  }
}
