package org.valbench.flows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.valbench.common.AtomicDirs;
import org.valbench.hub.HubDownloader;
import org.valbench.hub.HubUploader;
import org.valbench.inference.Redactor;
import org.valbench.pipeline.Checkpoint;

/**
 * Pushes an output to the Hugging Face Hub when its path is a Hub id ({@code owner/name}, not
 * starting with "local", not an existing folder), as the reference does: Parquet in {@code
 * push_to_hub}'s layout ({@code data/train-00000-of-00001.parquet}) plus a dataset card. The local
 * save_to_disk copy is kept.
 */
final class HubPush {
  static final String SPLIT = "train";

  private HubPush() {}

  /**
   * Where the local copy of a pushed output is kept: under {@code local_results/hub/}, so that the
   * Hub id keeps meaning the Hub on later runs (a folder named {@code owner/name} would shadow it).
   */
  static String localCopy(String repoId) {
    return "local_results/hub/" + repoId;
  }

  /** True when {@code outputPath} names a Hub repository rather than a local folder. */
  static boolean isHubTarget(FlowContext context, String outputPath) {
    return DatasetResolver.isHubId(outputPath) && !Files.isDirectory(context.resolve(outputPath));
  }

  /**
   * Uploads the rows of {@code output} (its checkpoint file is already Parquet with the {@code
   * huggingface} features) with a card listing {@code facts}; returns the commit URL.
   */
  static String push(
      FlowContext context,
      Checkpoint output,
      String repoId,
      String title,
      Map<String, Object> facts)
      throws IOException {
    Files.createDirectories(context.localData());
    Path staging = Files.createTempDirectory(context.localData(), "push-");
    try {
      Path data = Files.createDirectories(staging.resolve("data"));
      Files.copy(output.data(), data.resolve(SPLIT + "-00000-of-00001.parquet"));
      // The card holds only names and figures; redacting it anyway keeps the rule in one place.
      Files.writeString(
          staging.resolve("README.md"),
          Redactor.from(context.env()).redactValues(card(title, output.rows(), facts)));
      String url =
          new HubUploader(context.env(), HubDownloader.defaultClient(), context.err())
              .upload(repoId, staging, "", "valbench: " + title, true);
      context.err().println("pushed " + output.rows() + " rows to " + url);
      return url;
    } finally {
      AtomicDirs.deleteRecursively(staging);
    }
  }

  /** A dataset card with the Hub's config front matter and the run's facts. */
  static String card(String title, long rows, Map<String, Object> facts) {
    StringBuilder card = new StringBuilder();
    card.append("---\nconfigs:\n- config_name: default\n  data_files:\n  - split: ")
        .append(SPLIT)
        .append("\n    path: data/")
        .append(SPLIT)
        .append("-*\ntags:\n- valbench\n")
        .append("- val-bench\n---\n\n# ")
        .append(title)
        .append("\n\n")
        .append("Written by valbench (VAL-Bench value-alignment benchmark), ")
        .append(rows)
        .append(" rows.\n\n| | |\n|---|---|\n");
    facts.forEach(
        (name, value) ->
            card.append("| ")
                .append(name)
                .append(" | ")
                .append(String.valueOf(value).replace("|", "\\|"))
                .append(" |\n"));
    return card.toString();
  }
}
