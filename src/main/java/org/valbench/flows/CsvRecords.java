package org.valbench.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.valbench.common.UserError;

/** A small RFC 4180 reader: records with the line each starts on. */
final class CsvRecords {
  private CsvRecords() {}

  /** The records of {@code text}; an unterminated quote is a user error naming the line. */
  static List<Map.Entry<Integer, List<String>>> parse(String text, String shown) {
    List<Map.Entry<Integer, List<String>>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int recordLine = 1;
    int quoteLine = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        i++;
        continue;
      }
      switch (c) {
        case '"' -> {
          quoted = true;
          quoteLine = line;
        }
        case ',' -> {
          fields.add(field.toString());
          field.setLength(0);
        }
        case '\r' -> {
          // part of CRLF; the record ends at '\n'
        }
        case '\n' -> {
          fields.add(field.toString());
          field.setLength(0);
          records.add(Map.entry(recordLine, List.copyOf(fields)));
          fields.clear();
          line++;
          recordLine = line;
        }
        default -> field.append(c);
      }
      i++;
    }
    if (quoted) {
      throw UserError.badInput(shown + ": line " + quoteLine + ": a quoted field is never closed");
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(Map.entry(recordLine, List.copyOf(fields)));
    }
    return records;
  }
}
