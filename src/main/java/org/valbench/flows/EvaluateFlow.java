package org.valbench.flows;

import org.valbench.common.UserError;
import org.valbench.dataset.DatasetSource;

/**
 * {@code valbench evaluate}: load responses, build judge prompts, judge, score, report. This
 * version checks its input; judging and reporting are not built yet.
 */
public final class EvaluateFlow {
  private final FlowContext context;

  public EvaluateFlow(FlowContext context) {
    this.context = context;
  }

  public void run(EvaluateSettings settings) {
    DatasetSource.resolve(settings.responsesDsPath(), context.workDir());
    throw new UserError(
        UserError.Kind.NOT_AVAILABLE,
        "evaluate: judging and reports are not available in this version of valbench yet");
  }
}
