package org.valbench.flows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.valbench.common.UserError;
import org.valbench.dataset.HubUploader;

/**
 * Where one output dataset goes: a local folder, or a Hub repository (with its local copy under
 * {@code local_results/hub/}). {@link #check} finds out everything that would make the final write
 * fail, before any request is sent.
 */
record OutputTarget(String name, boolean toHub, Path folder, String shown) {
  /** The longest file name most file systems accept, in bytes. */
  private static final int MAX_NAME_BYTES = 255;

  OutputTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(shown, "shown");
  }

  /** The target for output name {@code name} (a path relative to the working dir, or a Hub id). */
  static OutputTarget of(FlowContext context, String name) {
    boolean toHub = HubPush.isHubTarget(context, name);
    Path folder = context.resolve(toHub ? HubPush.localCopy(name) : name);
    return new OutputTarget(name, toHub, folder, context.workDir().relativize(folder).toString());
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
    return this;
  }
}
