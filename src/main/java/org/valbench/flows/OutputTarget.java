package org.valbench.flows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.valbench.common.UserError;
import org.valbench.hub.HubUploader;
import org.valbench.s3.S3Store;

/**
 * Where one output dataset goes: a local folder, or a Hub repository (with its local copy under
 * {@code local_results/hub/}). {@link #check} finds out everything that would make the final write
 * fail, before any request is sent.
 */
record OutputTarget(
    String name, boolean toHub, Optional<S3Store.Location> s3, Path folder, String shown) {
  /** Where the local copy of an {@code s3://} output is kept: {@code <root>/<bucket>/<prefix>}. */
  static final String S3_COPIES = "local_results/s3";

  /** The longest file name most file systems accept, in bytes. */
  private static final int MAX_NAME_BYTES = 255;

  OutputTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(shown, "shown");
  }

  /** The target for output name {@code name} (a path relative to the working dir, or a Hub id). */
  static OutputTarget of(FlowContext context, String name) {
    if (S3Store.isS3(name)) {
      S3Store.Location location = S3Store.parse("--output-dataset-path", name);
      Path folder = context.resolve(location.localCopy(S3_COPIES));
      return new OutputTarget(
          location.url(),
          false,
          Optional.of(location),
          folder,
          context.workDir().relativize(folder).toString());
    }
    boolean toHub = HubPush.isHubTarget(context, name);
    Path folder = context.resolve(toHub ? HubPush.localCopy(name) : name);
    return new OutputTarget(
        name, toHub, Optional.empty(), folder, context.workDir().relativize(folder).toString());
  }

  /**
   * Checks the folder name's length, that the folder may be replaced (nothing there, or a folder
   * valbench wrote), and for a Hub target that a token is set.
   */
  OutputTarget check(FlowContext context) throws IOException {
    String last = folder.getFileName().toString();
    if (last.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw UserError.badInput(
          shown
              + ": the output folder's name is longer than "
              + MAX_NAME_BYTES
              + " bytes; choose a shorter --output-dataset-path");
    }
    OutputWriter.checkReplaceable(folder, shown);
    if (toHub) {
      HubUploader.checkCanPush(context.env(), name);
    }
    if (s3.isPresent()) {
      try (S3Store store = S3Store.open(context.env())) {
        store.checkBucket(s3.get());
      }
    }
    return this;
  }

  /**
   * For an {@code s3://} target, uploads the complete local copy and says so on stderr; nothing for
   * other targets.
   */
  void upload(FlowContext context) {
    if (s3.isEmpty()) {
      return;
    }
    int files;
    try (S3Store store = S3Store.open(context.env())) {
      files = store.upload(folder, s3.get());
    } catch (UserError e) {
      throw e.withMessage(
          e.getMessage() + "; upload not done, the local copy " + shown + " is complete");
    }
    context
        .err()
        .println("uploaded " + files + " files to " + name + " (local copy: " + shown + ")");
  }
}
