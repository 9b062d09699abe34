package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.OutputFile;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the regular files out of a POSIX ustar stream, as GNU tar writes it with {@code --format=ustar}, without
 * touching the file system.
 *
 * <p>The archive is built inside the sandbox, so every header is hostile. Only regular files (type {@code '0'} or
 * NUL) become {@link OutputFile}s; directories are skipped silently; links, devices, FIFOs and anything else are
 * skipped and listed as rejected, as are names that are absolute, contain a {@code ..} segment, an empty or
 * {@code .} segment, a backslash, a NUL or a control character, or are not UTF-8. Reading stops, keeping what was
 * complete, at the file count or byte total caps, at a header whose checksum does not add up, and where the stream
 * ends early. No entry's content is allocated before its declared size has passed the caps.
 */
final class TarArchive {
  private static final int BLOCK = 512;
  /** Rejections listed at most; more are still skipped, just not named. */
  static final int MAX_REJECTED = 1_000;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  private TarArchive() {}

  /**
   * What came out of an archive.
   *
   * @param files the regular files, in archive order
   * @param rejected entries that were skipped, each as {@code name: reason}
   * @param truncation why reading stopped before the end of the archive; empty when it was read to the end
   */
  record Extracted(List<OutputFile> files, List<String> rejected, String truncation) {
    Extracted {
      files = List.copyOf(files);
      rejected = List.copyOf(rejected);
      truncation = truncation == null ? "" : truncation;
    }

    /** Whether reading stopped early, so that the archive may hold more files than {@link #files()}. */
    boolean truncated() {
      return !truncation.isEmpty();
    }

    /**
     * These files and the code side's of a sealed run, where a file at the report's path can only be the tests'
     * (the code cannot hand in a report of its own).
     */
    Extracted and(Extracted code, Optional<String> report) {
      List<OutputFile> all = new ArrayList<>(files);
      code.files().stream().filter(f -> report.isEmpty() || !f.path().equals(report.get())).forEach(all::add);
      List<String> allRejected = new ArrayList<>(rejected);
      allRejected.addAll(code.rejected());
      return new Extracted(all, allRejected, truncated() ? truncation : code.truncation());
    }
  }

  /**
   * Reads the regular files from a ustar stream. Never throws for a bad archive, and reads {@code in} no further
   * than the end-of-archive block or the first reason to stop; the caller closes it.
   *
   * @param maxFiles the most files to return
   * @param maxTotalBytes the most content bytes to return, summed over all files
   */
  static Extracted readRegularFiles(InputStream in, int maxFiles, long maxTotalBytes) {
    Reading reading = new Reading(in, Math.max(0, maxFiles), Math.max(0, maxTotalBytes));
    String truncation;
    try {
      truncation = reading.run();
    } catch (EOFException e) {
      truncation = "the archive ends inside an entry at byte " + reading.offset;
    } catch (IOException e) {
      truncation = "reading the archive failed at byte " + reading.offset + ": " + e.getMessage();
    }
    return new Extracted(reading.files, reading.rejected, truncation);
  }

  /** One pass over one stream. */
  private static final class Reading {
    private final InputStream in;
    private final int maxFiles;
    private final long maxTotalBytes;
    private final List<OutputFile> files = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();
    private long totalBytes;
    private long offset;

    Reading(InputStream in, int maxFiles, long maxTotalBytes) {
      this.in = in;
      this.maxFiles = maxFiles;
      this.maxTotalBytes = maxTotalBytes;
    }

    /** Reads entries up to the end of the archive (returns "") or the first reason to stop (returns it). */
    String run() throws IOException {
      boolean nameFromExtension = false;
      while (true) {
        long at = offset;
        byte[] header = read(BLOCK);
        if (header.length == 0) {
          return "the archive ends without its end-of-archive block at byte " + at;
        }
        if (header.length < BLOCK) {
          return "the archive ends inside a header at byte " + at;
        }
        if (isZero(header)) {
          return "";
        }
        if (!hasValidChecksum(header)) {
          return "bad header checksum at byte " + at + "; the rest of the archive was not read";
        }
        if (!isUstar(header)) {
          return "not a ustar header at byte " + at + "; the rest of the archive was not read";
        }
        long size = octal(header, 124, 12);
        if (size < 0) {
          return "unreadable size field at byte " + at + "; the rest of the archive was not read";
        }
        char type = (char) (header[156] & 0xFF);
        String name = Names.display(header);
        if (nameFromExtension && type != 'x' && type != 'L' && type != 'K') {
          // The previous extension header carried this entry's real name, which ustar readers do not read.
          reject(name, "its name was in an extension header, which this reader does not support");
          skip(size);
          nameFromExtension = false;
          continue;
        }
        switch (type) {
          case '0', '\0' -> {
            Optional<String> stop = regularFile(header, name, size);
            if (stop.isPresent()) {
              return stop.get();
            }
          }
          case '5' -> skip(size);
          case 'x', 'L', 'K' -> {
            reject(name, "extension header (not ustar)");
            skip(size);
            nameFromExtension = true;
          }
          default -> {
            reject(name, describe(type));
            skip(size);
          }
        }
      }
    }

    /** Reads one regular file, or says why reading must stop. */
    private Optional<String> regularFile(byte[] header, String name, long size) throws IOException {
      Names.Checked path = Names.check(header);
      if (path.problem().isPresent()) {
        reject(name, path.problem().get());
        skip(size);
        return Optional.empty();
      }
      if (paths.contains(path.path())) {
        reject(name, "duplicate entry; the first one was kept");
        skip(size);
        return Optional.empty();
      }
      if (files.size() >= maxFiles) {
        return Optional.of("more than " + maxFiles + " files; stopped at " + name);
      }
      if (size > maxTotalBytes - totalBytes) {
        return Optional.of(name + " (" + size + " bytes) would take the files over " + maxTotalBytes + " bytes");
      }
      if (size > MAX_ARRAY) {
        return Optional.of(name + " (" + size + " bytes) is too large to hold in memory");
      }
      byte[] content = read((int) size);
      if (content.length < size) {
        return Optional.of("the archive ends inside " + name);
      }
      files.add(new OutputFile(path.path(), content));
      paths.add(path.path());
      totalBytes += size;
      skipPadding(size);
      return Optional.empty();
    }

    private void reject(String name, String reason) {
      if (rejected.size() < MAX_REJECTED) {
        rejected.add(name + ": " + reason);
      }
    }

    private byte[] read(int length) throws IOException {
      // readNBytes grows its buffer as bytes arrive: a short stream never costs the declared size.
      byte[] bytes = in.readNBytes(length);
      offset += bytes.length;
      return bytes;
    }

    private void skip(long size) throws IOException {
      long padded = size + padding(size);
      in.skipNBytes(padded);
      offset += padded;
    }

    private void skipPadding(long size) throws IOException {
      long padding = padding(size);
      in.skipNBytes(padding);
      offset += padding;
    }
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static String describe(char type) {
    return switch (type) {
      case '1' -> "hard link";
      case '2' -> "symbolic link";
      case '3' -> "character device";
      case '4' -> "block device";
      case '6' -> "FIFO";
      case '7' -> "contiguous file (unsupported)";
      case 'g' -> "global extension header (not ustar)";
      default -> "unsupported entry type " + (type >= 0x20 && type < 0x7F ? "'" + type + "'" : "" + (int) type);
    };
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** The header sum with the checksum field as spaces; historic tars summed signed bytes, so either is accepted. */
  private static boolean hasValidChecksum(byte[] header) {
    long stored = octal(header, 148, 8);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = i >= 148 && i < 156 ? ' ' : header[i];
      unsigned += b & 0xFF;
      signed += b;
    }
    return stored >= 0 && (stored == unsigned || stored == signed);
  }

  /** POSIX ({@code "ustar\0"}) or GNU ({@code "ustar "}) magic. */
  private static boolean isUstar(byte[] header) {
    return header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
        && header[261] == 'r' && (header[262] == 0 || header[262] == ' ');
  }

  /**
   * An octal number field: optional leading spaces, digits, then NULs or spaces. -1 when empty or anything else,
   * including GNU's base-256 encoding of sizes that do not fit ustar.
   */
  static long octal(byte[] header, int start, int length) {
    int i = start;
    int end = start + length;
    while (i < end && header[i] == ' ') {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < end && header[i] >= '0' && header[i] <= '7') {
      value = value * 8 + (header[i] - '0');
      digits++;
      i++;
    }
    while (i < end && (header[i] == 0 || header[i] == ' ')) {
      i++;
    }
    return digits == 0 || i < end ? -1 : value;
  }

  /** Entry names: read, checked, and made safe to show. */
  static final class Names {
    private Names() {}

    /** A checked name: the relative path to use, or why it may not be used. */
    record Checked(String path, Optional<String> problem) {
      static Checked ok(String path) {
        return new Checked(path, Optional.empty());
      }

      static Checked bad(String problem) {
        return new Checked("", Optional.of(problem));
      }
    }

    static Checked check(byte[] header) {
      byte[] raw = rawName(header);
      if (raw.length == 0) {
        return Checked.bad("empty name");
      }
      if (hasBytesAfterNul(header, 0, 100) || isPosix(header) && hasBytesAfterNul(header, 345, 155)) {
        return Checked.bad("NUL in name");
      }
      String name;
      try {
        name = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(raw))
            .toString();
      } catch (CharacterCodingException e) {
        return Checked.bad("name is not UTF-8");
      }
      if (name.chars().anyMatch(Names::isControl)) {
        return Checked.bad("control character in name");
      }
      if (name.indexOf('\\') >= 0) {
        return Checked.bad("backslash in name");
      }
      while (name.startsWith("./")) {
        name = name.substring(2);
      }
      if (name.startsWith("/")) {
        return Checked.bad("absolute path");
      }
      for (String segment : name.split("/", -1)) {
        if (segment.equals("..")) {
          return Checked.bad("'..' in path");
        }
        if (segment.isEmpty() || segment.equals(".")) {
          return Checked.bad("empty or '.' segment in path");
        }
      }
      return Checked.ok(name);
    }

    /** The name for messages: decoded leniently, with control characters shown as {@code ?}. */
    static String display(byte[] header) {
      String name = new String(rawName(header), StandardCharsets.UTF_8);
      StringBuilder shown = new StringBuilder(name.length());
      name.chars().forEach(c -> shown.append(isControl(c) ? '?' : (char) c));
      return shown.toString();
    }

    /** {@code prefix/name} as bytes, each field up to its first NUL. */
    private static byte[] rawName(byte[] header) {
      byte[] name = field(header, 0, 100);
      byte[] prefix = isPosix(header) ? field(header, 345, 155) : new byte[0];
      if (prefix.length == 0) {
        return name;
      }
      byte[] joined = Arrays.copyOf(prefix, prefix.length + 1 + name.length);
      joined[prefix.length] = '/';
      System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
      return joined;
    }

    private static byte[] field(byte[] header, int start, int length) {
      int end = start;
      while (end < start + length && header[end] != 0) {
        end++;
      }
      return Arrays.copyOfRange(header, start, end);
    }

    private static boolean hasBytesAfterNul(byte[] header, int start, int length) {
      boolean nul = false;
      for (int i = start; i < start + length; i++) {
        if (header[i] == 0) {
          nul = true;
        } else if (nul) {
          return true;
        }
      }
      return false;
    }

    /** Only POSIX ustar has a prefix field; GNU's old format keeps other data there. */
    private static boolean isPosix(byte[] header) {
      return header[262] == 0;
    }

    private static boolean isControl(int c) {
      return c < 0x20 || c >= 0x7F && c <= 0x9F;
    }
  }
}
