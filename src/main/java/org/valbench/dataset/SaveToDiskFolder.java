package org.valbench.dataset;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JSON files of a {@code save_to_disk} folder as read: {@code state.json} lists the shards
 * (only plain file names inside the folder), {@code dataset_info.json} must be intact. Anything
 * damaged is a {@link DatasetFormatException} naming the file.
 */
final class SaveToDiskFolder {
  /** An object followed by anything but whitespace is damaged, as json.loads would say. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** state.json and dataset_info.json are a few kilobytes; a larger one is not what it claims. */
  private static final long MAX_JSON_BYTES = 64L * 1024 * 1024;

  private SaveToDiskFolder() {}

  /**
   * The shards of {@code dir}: those {@code state.json} lists, or else every {@code .arrow} file in
   * name order. {@code dataset_info.json}, when present, must be a JSON object too.
   */
  static List<Path> shards(Path dir) throws IOException {
    Path info = dir.resolve(SaveToDiskFormat.INFO);
    if (Files.exists(info)) {
      readJsonObject(info); // load_from_disk reads it too: a damaged one means a damaged folder
    }
    Path state = dir.resolve(SaveToDiskFormat.STATE);
    if (Files.exists(state)) {
      JsonNode files = readJsonObject(state).path("_data_files");
      if (!files.isMissingNode() && !files.isNull() && !files.isArray()) {
        throw new DatasetFormatException(
            state
                + ": '_data_files' should be a list of {\"filename\": ...} but is "
                + kind(files));
      }
      if (files.isArray() && !files.isEmpty()) {
        List<Path> shards = new ArrayList<>();
        for (JsonNode file : files) {
          JsonNode name = file.path("filename");
          if (!name.isTextual() || !isPlainName(name.asText())) {
            throw new DatasetFormatException(
                state
                    + ": '_data_files' lists "
                    + (name.isTextual() ? "'" + name.asText() + "'" : kind(name))
                    + ", which is not the name of a file in this folder");
          }
          Path shard = dir.resolve(name.asText());
          if (!Files.isRegularFile(shard)) {
            throw new DatasetFormatException(
                state + ": lists " + shard.getFileName() + ", which is missing");
          }
          shards.add(shard);
        }
        return shards;
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".arrow")).sorted().toList();
    }
  }

  /** The JSON object in {@code file}; anything else (damaged, cut short, extra data) is refused. */
  private static JsonNode readJsonObject(Path file) {
    JsonNode node;
    try {
      if (Files.size(file) > MAX_JSON_BYTES) {
        throw new DatasetFormatException(
            file + ": " + Files.size(file) + " bytes is too large for this small JSON file");
      }
      byte[] bytes = Files.readAllBytes(file);
      java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes)); // strict: refuses what is not UTF-8
      node = JSON.readTree(bytes);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new DatasetFormatException(file + ": not valid JSON (not UTF-8 text)", e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String problem = e.getOriginalMessage();
      throw new DatasetFormatException(
          file
              + ": not valid JSON ("
              + (problem != null && problem.startsWith("Trailing token")
                  ? "extra data after the first JSON value"
                  : problem)
              + ")",
          e);
    } catch (IOException e) {
      throw new DatasetFormatException(
          file + ": cannot read (" + DatasetFormatException.describe(e) + ")", e);
    }
    if (node == null || !node.isObject()) {
      throw new DatasetFormatException(
          file + ": should hold a JSON object but holds " + kind(node));
    }
    return node;
  }

  /** A file name without any folder part, as {@code save_to_disk} writes them. */
  private static boolean isPlainName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\\') < 0
        && name.indexOf('\0') < 0;
  }

  private static String kind(JsonNode node) {
    return node == null || node.isMissingNode()
        ? "nothing"
        : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
