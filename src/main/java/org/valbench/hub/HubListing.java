package org.valbench.hub;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.valbench.common.UserError;

/**
 * A revision's listing from {@code /api/datasets/{repo}/revision/{revision}?blobs=true}: the commit
 * it resolves to and that commit's files, with the rules that pick one split's Parquet files.
 */
record HubListing(String commit, List<RemoteFile> files) {
  static final String DEFAULT_CONFIG = "default";
  static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  // The split-name rule of the datasets library.
  private static final String SPLIT_NAME = "\\w+(?:\\.\\w+)*";
  private static final Pattern SPLIT = Pattern.compile(SPLIT_NAME);
  private static final Pattern ANY_SPLIT =
      Pattern.compile(
          "data/("
              + SPLIT_NAME
              + ")(?:-[^/]*)?\\.parquet|"
              + DEFAULT_CONFIG
              + "/("
              + SPLIT_NAME
              + ")(?:/[^/]+|-[^/]*)\\.parquet");
  // An empty, "." or ".." path segment, a backslash or a control character.
  private static final Pattern BAD_REVISION =
      Pattern.compile("(?:^|/)\\.{0,2}(?:/|$)|[\\\\\\p{Cntrl}]");

  /** One file of the repository as listed: path, size in bytes (-1 if unknown), LFS sha256. */
  record RemoteFile(String path, long size, Optional<String> sha256) {}

  HubListing {
    files = List.copyOf(files);
  }

  /** Rejects a split or revision name that could not come from the Hub or leaves the cache. */
  static void checkNames(String split, String revision) {
    if (!SPLIT.matcher(split).matches()) {
      throw UserError.badInput("'" + split + "': not a split name (letters, digits, _ and .)");
    }
    if (BAD_REVISION.matcher(revision).find()) {
      throw UserError.badInput("'" + revision + "': not a revision name (branch, tag or commit)");
    }
  }

  /** The listing in {@code body}, or empty if it is not the JSON the Hub sends. */
  static Optional<HubListing> parse(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      String commit = root.path("sha").asText("");
      if (!COMMIT.matcher(commit).matches()) {
        return Optional.empty();
      }
      List<RemoteFile> files = new ArrayList<>();
      for (JsonNode sibling : root.path("siblings")) {
        JsonNode lfs = sibling.path("lfs");
        long size = lfs.path("size").asLong(sibling.path("size").asLong(-1));
        String sha256 = lfs.path("sha256").asText("");
        files.add(
            new RemoteFile(
                sibling.path("rfilename").asText(),
                size,
                Optional.of(sha256).filter(h -> SHA256.matcher(h).matches())));
      }
      return Optional.of(new HubListing(commit, files));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The split's files: push_to_hub's layout first, else the Parquet conversion's; by name. */
  List<RemoteFile> splitFiles(String split) {
    String name = Pattern.quote(split);
    List<Pattern> layouts =
        List.of(
            Pattern.compile("data/" + name + "(?:-[^/]*)?\\.parquet"),
            Pattern.compile(DEFAULT_CONFIG + "/" + name + "(?:/[^/]+|-[^/]*)\\.parquet"));
    for (Pattern layout : layouts) {
      List<RemoteFile> matched =
          files.stream()
              .filter(f -> layout.matcher(f.path()).matches())
              .sorted(Comparator.comparing(RemoteFile::path))
              .toList();
      if (!matched.isEmpty()) {
        return matched;
      }
    }
    return List.of();
  }

  /** The split names that the file names of either layout show, sorted. */
  static List<String> splitsFound(List<RemoteFile> files) {
    TreeSet<String> splits = new TreeSet<>();
    for (RemoteFile file : files) {
      Matcher m = ANY_SPLIT.matcher(file.path());
      if (m.matches()) {
        splits.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    return List.copyOf(splits);
  }

  /** The error for a split that has no files here, naming the splits there are. */
  UserError unknownSplit(String repoId, String split, String revision) {
    List<String> found = splitsFound(files);
    String at = HubEndpoint.dataset(repoId) + " at revision '" + revision + "'";
    if (found.isEmpty()) {
      return UserError.badInput(
          at
              + " has no Parquet files for split '"
              + split
              + "' (valbench reads data/<split>-*.parquet as push_to_hub writes them, or "
              + DEFAULT_CONFIG
              + "/<split>/*.parquet of revision refs/convert/parquet)");
    }
    return UserError.badInput(
        at + " has no split '" + split + "' (splits found: " + String.join(", ", found) + ")");
  }
}
