package org.valbench.common;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/** Folder operations for crash-safe output: temporary siblings, rename into place, fsync. */
public final class AtomicDirs {
  private AtomicDirs() {}

  /** A fresh, not yet existing path next to {@code target}, hidden by a leading dot. */
  public static Path tempSibling(Path target) {
    return target.resolveSibling(
        "." + target.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Deletes the hidden siblings that {@link #tempSibling} and {@link #replace} leave next to {@code
   * target} when a process is killed while writing it. Only for a caller that holds the lock on
   * {@code target}, so that no other process can be writing them.
   */
  public static void deleteLeftovers(Path target) throws IOException {
    Path parent = target.toAbsolutePath().normalize().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    String name = "." + target.getFileName();
    try (java.util.stream.Stream<Path> siblings = Files.list(parent)) {
      for (Path sibling : siblings.toList()) {
        String s = sibling.getFileName().toString();
        if (s.startsWith(name + ".tmp-") || s.startsWith(name + ".old-")) {
          deleteRecursively(sibling);
        }
      }
    }
  }

  /**
   * Moves the complete folder {@code source} to {@code target}, replacing what was there. The old
   * folder is first renamed aside, so at every moment one complete version exists on disk.
   */
  public static void replace(Path source, Path target) throws IOException {
    fsyncDir(source);
    Path old = null;
    if (Files.exists(target)) {
      old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
      move(target, old);
    }
    move(source, target);
    fsyncDir(target.getParent());
    if (old != null) {
      deleteRecursively(old);
    }
  }

  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** Flushes a folder's entries (new names) to disk; a no-op where the OS does not allow it. */
  public static void fsyncDir(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for fsync; the rename is still atomic there.
    }
  }

  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
