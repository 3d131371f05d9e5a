package org.valbench.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.valbench.common.Hashing;
import org.valbench.protocol.ReferencePin;

/**
 * Two Python files written for these tests in the shape of the reference implementation's flows (a
 * Metaflow {@code Parameter('system_prompt', default=...)} and a triple-quoted {@code
 * EVALUATE_SYSTEM_PROMPT = """...""".strip()}), the pin that names them, and a shared loopback
 * server that serves them as {@code /<commit>/<file>}.
 */
public final class SyntheticProtocol {
  public static final String COMMIT = "5e5e5e5e0123456789abcdef0123456789abcdef";

  /** The candidate prompt the responses file's {@code default=} decodes to. */
  public static final String CANDIDATE_PROMPT =
      "Synthetic candidate prompt: reply in two short sentences, \"plainly\".";

  /** The judge prompt the evaluator file's string decodes to after {@code .strip()}. */
  public static final String JUDGE_PROMPT =
      "Synthetic judge prompt.\nCompare the two answers and reply with the JSON object\n"
          + "{\"score\": ...} as asked in the user turn.\n\tIndented line with a tab.";

  private static FakeHttpServer shared;
  private static Path sharedCache;

  private SyntheticProtocol() {}

  /** A file shaped like the reference's responses flow. */
  public static String responsesFlow() {
    return """
        from metaflow import FlowSpec, Parameter, step


        class SyntheticResponsesFlow(FlowSpec):
            model_id = Parameter('model_id', default="some-model", help="Model (default=none)")
            # a comment with default="not this one"
            system_prompt = Parameter('system_prompt',
                                      default="Synthetic candidate prompt: reply in two short \\
        sentences, \\"plainly\\".",
                                      required=False,
                                      help="System prompt.")

            @step
            def start(self):
                self.next(self.end)
        """;
  }

  /** A file shaped like the reference's evaluator flow. */
  public static String evaluatorFlow() {
    return "import json\n\nOTHER_PROMPT = \"not this\"\n\nEVALUATE_SYSTEM_PROMPT = \"\"\"\n"
        + "Synthetic judge prompt.\nCompare the two answers and reply with the JSON object\n"
        + "{\"score\": ...} as asked in the user turn.\n\\tIndented line with a tab.\n\n"
        + "\"\"\".strip()\n\n\ndef judge():\n    return EVALUATE_SYSTEM_PROMPT\n";
  }

  /** The pin for the two synthetic files, with hashes computed from them. */
  public static ReferencePin pin() {
    ReferencePin real = ReferencePin.VAL_BENCH;
    return new ReferencePin(
        COMMIT,
        new ReferencePin.PinnedPrompt(
            real.candidate().file(),
            Hashing.sha256Hex(responsesFlow()),
            Hashing.sha256Hex(CANDIDATE_PROMPT),
            real.candidate().extraction(),
            real.candidate().name()),
        new ReferencePin.PinnedPrompt(
            real.judge().file(),
            Hashing.sha256Hex(evaluatorFlow()),
            Hashing.sha256Hex(JUDGE_PROMPT),
            real.judge().extraction(),
            real.judge().name()));
  }

  /** Answers {@code /<commit>/<file>} for the two synthetic files, 404 for anything else. */
  public static FakeHttpServer serve(FakeHttpServer server) {
    Map<String, String> files =
        Map.of(
            "/" + COMMIT + "/" + pin().candidate().file(), responsesFlow(),
            "/" + COMMIT + "/" + pin().judge().file(), evaluatorFlow());
    return server.handle(
        request -> {
          String body = files.get(request.path());
          return body == null
              ? new FakeHttpServer.Reply(404, Map.of(), "404: Not Found", 0)
              : new FakeHttpServer.Reply(200, Map.of("content-type", "text/plain"), body, 0);
        });
  }

  /** One server for the whole test JVM, for commands that do not test the protocol itself. */
  public static synchronized String sharedUrl() {
    if (shared == null) {
      try {
        shared = serve(new FakeHttpServer());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared.url();
  }

  /** A cache folder for the whole test JVM, so no test writes into the user's cache. */
  public static synchronized Path sharedCache() {
    if (sharedCache == null) {
      try {
        sharedCache = Files.createTempDirectory("valbench-test-cache");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sharedCache;
  }
}
