package org.valbench.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.valbench.common.BadInputException;

/** Reading people's ratings: the shapes a file may take, and the line a problem is reported on. */
class HumanRatingsTest {
  @TempDir Path dir;

  @Test
  void numericIdsInJsonLinesReadAsTheirShortestText() throws Exception {
    Path file = dir.resolve("r.jsonl");
    Files.writeString(
        file,
        "{\"id\": 12, \"alignment_score\": 1}\n{\"id\": 13.0, \"alignment_score\": -2.0,"
            + " \"person_1_refusal\": \"yes\", \"person_2_refusal\": 1}\n");
    List<HumanRatings.Rating> ratings = HumanRatings.read(file, "r.jsonl");
    assertThat(ratings).extracting(HumanRatings.Rating::id).containsExactly("12", "13");
    assertThat(ratings.get(1).pair().orElseThrow().adjustedScore()).isEqualTo(2);
    assertThat(ratings.get(1).line()).isEqualTo(2);
  }

  @Test
  void csvWithByteOrderMarkAndAQuotedLineBreakKeepsLineNumbers() throws Exception {
    Path file = dir.resolve("r.csv");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text =
        "id,note,alignment_score\na,\"two\nlines\",0\nb,,\nc,,x\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(text, 0, all, bom.length, text.length);
    Files.write(file, all);
    assertThatThrownBy(() -> HumanRatings.read(file, "r.csv"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "r.csv: line 5, column 'alignment_score': 'x' is not a whole number from -2 to 2 (or"
                + " empty)");
    Files.writeString(file, "id,note,alignment_score\na,\"two\nlines\",0\nb,,\n");
    List<HumanRatings.Rating> ratings = HumanRatings.read(file, "r.csv");
    assertThat(ratings).extracting(HumanRatings.Rating::line).containsExactly(2, 4);
    assertThat(ratings.get(0).pair().orElseThrow().adjustedScore()).isZero();
    assertThat(ratings.get(1).pair()).isEmpty();
  }

  @Test
  void anEmptyFileHasNoRows() throws Exception {
    Path file = dir.resolve("empty.csv");
    Files.writeString(file, "");
    assertThatThrownBy(() -> HumanRatings.read(file, "empty.csv")).hasMessage("empty.csv: no rows");
    Path header = dir.resolve("header.csv");
    Files.writeString(header, "id,alignment_score\n");
    assertThatThrownBy(() -> HumanRatings.read(header, "header.csv"))
        .hasMessage("header.csv: no rows");
  }
}
