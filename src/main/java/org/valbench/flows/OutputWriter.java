package org.valbench.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.valbench.common.AtomicDirs;
import org.valbench.common.StorageException;
import org.valbench.common.UserError;
import org.valbench.dataset.SaveToDiskFormat;
import org.valbench.pipeline.Checkpoint;

/**
 * Writes a command's output dataset folder. valbench replaces only what it wrote itself: a folder
 * carrying its marker file and nothing but the files of a save_to_disk dataset, or an empty folder;
 * anything else at the output path (a user's folder, a plain file, a link) is refused. The marker
 * also lists every file with its size and modification time, so that a rerun skips rewriting an
 * output only when it is still exactly what was written.
 */
final class OutputWriter {
  /** Marks a folder valbench wrote; lists its checkpoint key and its files. */
  static final String MARKER = ".valbench-output";

  /** The marker of earlier versions (the checkpoint key only); still proves ownership. */
  static final String LEGACY_MARKER = ".valbench-checkpoint";

  private static final Pattern DATASET_FILE =
      Pattern.compile("state\\.json|dataset_info\\.json|data-\\d{5}-of-\\d{5}\\.arrow");
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutputWriter() {}

  /**
   * Writes {@code checkpoint} to {@code folder} unless the folder was already written from this
   * very checkpoint (same key) and none of its files changed since — the common case of a nightly
   * rerun, where rewriting and re-hashing 115K rows would be most of the run's time.
   *
   * @param shown the folder as the user knows it (relative to the working directory), for messages
   */
  static void writeUnlessCurrent(Checkpoint checkpoint, Path folder, String shown)
      throws IOException {
    writeUnlessCurrent(checkpoint, folder, shown, Map.of());
  }

  /**
   * As above, recording {@code provenance} (protocol, commit, prompt source and hash) in the
   * dataset's description ({@code dataset_info.json}, {@code Dataset.info.description} in Python).
   * The provenance is part of the checkpoint's key, so an unchanged output has the same one.
   */
  static void writeUnlessCurrent(
      Checkpoint checkpoint, Path folder, String shown, Map<String, Object> provenance)
      throws IOException {
    if (checkpoint.reused() && isCurrent(folder, checkpoint.keyHash())) {
      return;
    }
    checkReplaceable(folder, shown);
    // Called under the output's lock: hidden siblings are what a killed run left behind.
    AtomicDirs.deleteLeftovers(folder);
    Optional<String> key =
        checkpoint.committed() ? Optional.of(checkpoint.keyHash()) : Optional.empty();
    StorageException.guard(
        folder,
        () -> {
          SaveToDiskFormat.write(
              checkpoint.read(),
              folder,
              tmp -> {
                describe(tmp, provenance);
                writeMarker(tmp, key);
              });
          return null;
        });
  }

  /**
   * Refuses (bad input, naming it) an output path that exists and is not a folder valbench wrote or
   * an empty folder. Called before any request is sent, and again right before writing.
   */
  static void checkReplaceable(Path folder, String shown) throws IOException {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw UserError.badInput(
          shown
              + ": exists and is "
              + (Files.isSymbolicLink(folder) ? "a link" : "not a folder")
              + "; valbench writes an output only where nothing is, or over a folder it wrote"
              + " itself. Move it away or choose another --output-dataset-path");
    }
    List<String> foreign = new ArrayList<>();
    boolean marked = false;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        boolean plainFile = Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
        if (plainFile && (name.equals(MARKER) || name.equals(LEGACY_MARKER))) {
          marked = true;
        } else if (!plainFile || !DATASET_FILE.matcher(name).matches()) {
          foreign.add(name + (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? "/" : ""));
        }
      }
    }
    if (foreign.isEmpty() && (marked || isEmpty(folder))) {
      return;
    }
    foreign.sort(null);
    String what =
        foreign.isEmpty()
            ? "is a dataset valbench did not write (no " + MARKER + " file)"
            : "holds files valbench did not write ("
                + String.join(", ", foreign.subList(0, Math.min(3, foreign.size())))
                + (foreign.size() > 3 ? ", and " + (foreign.size() - 3) + " more" : "")
                + ")";
    throw UserError.badInput(
        shown
            + ": "
            + what
            + "; valbench replaces only folders it wrote itself. Move it away or choose another"
            + " --output-dataset-path");
  }

  private static boolean isEmpty(Path folder) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      return !entries.iterator().hasNext();
    }
  }

  /** Whether {@code folder} was written from checkpoint {@code key} and is unchanged since. */
  static boolean isCurrent(Path folder, String key) {
    try {
      JsonNode marker = JSON.readTree(folder.resolve(MARKER).toFile());
      if (marker == null || !key.equals(marker.path("checkpoint").asText(null))) {
        return false;
      }
      JsonNode files = marker.path("files");
      if (!files.isObject() || files.isEmpty() || !files.has("state.json")) {
        return false;
      }
      List<String> present = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        entries.forEach(e -> present.add(e.getFileName().toString()));
      }
      present.remove(MARKER);
      present.remove(LEGACY_MARKER);
      if (present.size() != files.size()) {
        return false;
      }
      for (var entry : files.properties()) {
        Path file = folder.resolve(entry.getKey());
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            || Files.size(file) != entry.getValue().path("size").asLong(-1)
            || Files.getLastModifiedTime(file).toMillis()
                != entry.getValue().path("modified_ms").asLong(-1)) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // no marker, or a damaged one: write the output again
    }
  }

  /** Puts "written by valbench; protocol=...; ..." into the folder's dataset_info.json. */
  private static void describe(Path folder, Map<String, Object> provenance) throws IOException {
    if (provenance.isEmpty()) {
      return;
    }
    Path info = folder.resolve("dataset_info.json");
    ObjectNode json = (ObjectNode) JSON.readTree(info.toFile());
    StringBuilder text = new StringBuilder("Written by valbench");
    provenance.forEach((name, value) -> text.append("; ").append(name).append('=').append(value));
    json.put("description", text.toString());
    Files.writeString(info, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
  }

  /** The marker: who wrote the folder, from which checkpoint (if committed), and its files. */
  private static void writeMarker(Path folder, Optional<String> key) throws IOException {
    ObjectNode marker = JSON.createObjectNode();
    marker.put("written_by", "valbench");
    marker.put("checkpoint", key.orElse(null));
    TreeMap<String, Path> sorted = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      entries.forEach(e -> sorted.put(e.getFileName().toString(), e));
    }
    ObjectNode files = marker.putObject("files");
    for (var e : sorted.entrySet()) {
      ObjectNode file = files.putObject(e.getKey());
      file.put("size", Files.size(e.getValue()));
      file.put("modified_ms", Files.getLastModifiedTime(e.getValue()).toMillis());
    }
    Files.writeString(folder.resolve(MARKER), marker.toPrettyString() + "\n");
  }
}
