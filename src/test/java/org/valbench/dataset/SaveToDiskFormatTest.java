package org.valbench.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.testing.Tables;

class SaveToDiskFormatTest {
  @TempDir Path dir;

  @Test
  void everyTypeRoundTripsAcrossSeveralRecordBatches() throws Exception {
    Table table = Tables.everyType(2 * SaveToDiskFormat.ROWS_PER_BATCH + 17);
    Path out = dir.resolve("ds");

    SaveToDiskFormat.write(table, out);
    Table back = SaveToDiskFormat.read(out);

    assertThat(back.schema()).isEqualTo(table.schema());
    assertThat(back.rows()).isEqualTo(table.rows());
  }

  @Test
  void writesTheFilesDatasetsLoadFromDiskExpects() throws Exception {
    Path out = dir.resolve("ds");
    SaveToDiskFormat.write(Tables.everyType(3), out);

    assertThat(out.resolve("data-00000-of-00001.arrow")).isRegularFile();
    ObjectMapper json = new ObjectMapper();
    JsonNode state = json.readTree(out.resolve("state.json").toFile());
    assertThat(state.get("_data_files").get(0).get("filename").asText())
        .isEqualTo("data-00000-of-00001.arrow");
    assertThat(state.get("_fingerprint").asText()).matches("[0-9a-f]{16}");
    assertThat(state.has("_format_columns")).isTrue();
    JsonNode features = json.readTree(out.resolve("dataset_info.json").toFile()).get("features");
    assertThat(features.get("text").toString())
        .isEqualTo("{\"dtype\":\"large_string\",\"_type\":\"Value\"}");
    assertThat(features.get("small").get("dtype").asText()).isEqualTo("int32");
    assertThat(features.get("response").toString())
        .isEqualTo(
            "{\"content\":{\"dtype\":\"string\",\"_type\":\"Value\"},"
                + "\"role\":{\"dtype\":\"string\",\"_type\":\"Value\"}}");
    assertThat(features.get("prompt").isArray()).isTrue();
    assertThat(features.get("prompt").get(0).get("role").get("dtype").asText()).isEqualTo("string");
    assertThat(features.get("usage").get("citations").get(0).get("url").get("_type").asText())
        .isEqualTo("Value");
  }

  @Test
  void emptyTableKeepsItsSchema() throws Exception {
    Table empty = Tables.everyType(0);
    SaveToDiskFormat.write(empty, dir.resolve("ds"));
    Table back = SaveToDiskFormat.read(dir.resolve("ds"));
    assertThat(back.size()).isZero();
    assertThat(back.schema()).isEqualTo(empty.schema());
  }

  @Test
  void rewritingReplacesTheFolderAndLeavesNoTemporaryFiles() throws Exception {
    Path out = dir.resolve("ds");
    SaveToDiskFormat.write(Tables.pairs(5), out);
    SaveToDiskFormat.write(Tables.pairs(2), out);

    assertThat(SaveToDiskFormat.read(out).size()).isEqualTo(2);
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()).toList()).containsExactly("ds");
    }
  }

  @Test
  void readsShardsInTheOrderStateJsonLists() throws Exception {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    SaveToDiskFormat.write(Tables.pairs(2), first);
    SaveToDiskFormat.write(Tables.pairs(3).head(3), second);
    Path merged = Files.createDirectories(dir.resolve("merged"));
    Files.copy(
        first.resolve("data-00000-of-00001.arrow"), merged.resolve("data-00001-of-00002.arrow"));
    Files.copy(
        second.resolve("data-00000-of-00001.arrow"), merged.resolve("data-00000-of-00002.arrow"));
    Files.writeString(
        merged.resolve("state.json"),
        "{\"_data_files\": [{\"filename\": \"data-00001-of-00002.arrow\"},"
            + " {\"filename\": \"data-00000-of-00002.arrow\"}]}");

    Table back = SaveToDiskFormat.read(merged);

    assertThat(back.rows().stream().map(r -> r.get("id")).toList())
        .containsExactly("p0", "p1", "p0", "p1", "p2");
  }

  @Test
  void corruptShardIsAnErrorNamingTheFile() throws Exception {
    Path out = dir.resolve("ds");
    SaveToDiskFormat.write(Tables.pairs(3), out);
    Path shard = out.resolve("data-00000-of-00001.arrow");
    Files.write(shard, "this is not arrow at all".getBytes());

    assertThatThrownBy(() -> SaveToDiskFormat.read(out))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(shard.toString());
  }

  @Test
  void stateJsonNamingAMissingShardIsAnError() throws Exception {
    Path out = dir.resolve("ds");
    SaveToDiskFormat.write(Tables.pairs(3), out);
    Files.delete(out.resolve("data-00000-of-00001.arrow"));

    assertThatThrownBy(() -> SaveToDiskFormat.read(out))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("data-00000-of-00001.arrow")
        .hasMessageContaining("missing");
  }

  @Test
  void schemaMetadataCarriesTheFeatures() throws Exception {
    var schema = SaveToDiskFormat.arrowSchema(Tables.pairs(1).schema());
    JsonNode meta = new ObjectMapper().readTree(schema.getCustomMetadata().get("huggingface"));
    assertThat(meta.get("info").get("features").get("for_question").get("dtype").asText())
        .isEqualTo("string");
    assertThat(List.copyOf(schema.getFields()).size()).isEqualTo(4);
  }
}
