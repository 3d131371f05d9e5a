package org.valbench.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.valbench.common.AtomicDirs;
import org.valbench.common.UserError;
import org.valbench.hub.HubListing.RemoteFile;

/**
 * The download cache's folders ({@code refs/}, {@code snapshots/}, {@code splits/}; see {@link
 * HubDownloader}) and the lookup of a complete split in it when the Hub cannot be reached.
 */
final class HubCache {
  private final Path root;

  /** A split found complete in the cache: the commit and its files in shard order. */
  record Copy(String commit, List<Path> files) {
    Copy {
      files = List.copyOf(files);
    }
  }

  HubCache(Path root) {
    this.root = root;
  }

  /** The cache folder of one dataset, as huggingface_hub names it. */
  Path repoDir(String repoId) {
    return root.resolve("datasets--" + repoId.replace("/", "--"));
  }

  /** The folder that holds the files of {@code commit}. */
  Path snapshot(String repoId, String commit) {
    return repoDir(repoId).resolve("snapshots").resolve(commit);
  }

  /** {@code relative} inside {@code folder}; a path that would leave it is bad input. */
  static Path inside(Path folder, String relative) {
    Path path = folder.resolve(relative).normalize();
    if (!path.startsWith(folder.normalize()) || path.equals(folder.normalize())) {
      throw UserError.badInput(relative + ": file path leaves the cache folder " + folder);
    }
    return path;
  }

  /** The split at {@code revision} as last downloaded, if every one of its files is present. */
  Optional<Copy> find(String repoId, String split, String revision) throws IOException {
    Path repoDir = repoDir(repoId);
    Optional<String> commit = cachedCommit(repoDir, revision);
    if (commit.isEmpty()) {
      return Optional.empty();
    }
    return cachedFiles(repoDir, commit.get(), split).map(files -> new Copy(commit.get(), files));
  }

  /** The one split cached at {@code revision}'s commit, when exactly one is. */
  Optional<String> onlySplit(String repoId, String revision) throws IOException {
    Path repoDir = repoDir(repoId);
    Optional<String> commit = cachedCommit(repoDir, revision);
    if (commit.isEmpty()) {
      return Optional.empty();
    }
    Path splits = repoDir.resolve("splits").resolve(commit.get());
    if (!Files.isDirectory(splits)) {
      return Optional.empty();
    }
    List<String> names;
    try (var listing = Files.list(splits)) {
      names =
          listing
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".txt"))
              .map(n -> n.substring(0, n.length() - ".txt".length()))
              .toList();
    }
    return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
  }

  /** Records which commit the revision resolved to and which files make up the split. */
  void remember(String repoId, String revision, String commit, String split, List<RemoteFile> files)
      throws IOException {
    Path repoDir = repoDir(repoId);
    if (!revision.equals(commit)) {
      writeAtomically(repoDir.resolve("refs").resolve(revision), commit);
    }
    StringBuilder manifest = new StringBuilder();
    files.forEach(f -> manifest.append(f.path()).append('\n'));
    writeAtomically(
        repoDir.resolve("splits").resolve(commit).resolve(split + ".txt"), manifest.toString());
  }

  private static Optional<String> cachedCommit(Path repoDir, String revision) throws IOException {
    if (HubListing.COMMIT.matcher(revision).matches()) {
      return Optional.of(revision);
    }
    Path ref = repoDir.resolve("refs").resolve(revision);
    if (!Files.isRegularFile(ref)) {
      return Optional.empty();
    }
    String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
    return HubListing.COMMIT.matcher(commit).matches() ? Optional.of(commit) : Optional.empty();
  }

  private static Optional<List<Path>> cachedFiles(Path repoDir, String commit, String split)
      throws IOException {
    Path manifest = repoDir.resolve("splits").resolve(commit).resolve(split + ".txt");
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    Path snapshot = repoDir.resolve("snapshots").resolve(commit);
    List<Path> files = new ArrayList<>();
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      Path file = inside(snapshot, line);
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      files.add(file);
    }
    return files.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(files));
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = AtomicDirs.tempSibling(file);
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    AtomicDirs.move(temp, file);
  }
}
