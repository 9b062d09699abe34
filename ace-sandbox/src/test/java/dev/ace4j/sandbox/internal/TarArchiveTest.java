package dev.ace4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.ace4j.sandbox.OutputFile;
import dev.ace4j.sandbox.internal.TarArchive.Extracted;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real archives come from GNU tar 1.34 ({@code /usr/bin/tar --format=ustar}); the rest are built header by header. */
class TarArchiveTest {
  private static final int NO_LIMIT = Integer.MAX_VALUE;

  @TempDir
  Path dir;

  @BeforeEach
  void createFiles() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "hello\n");
    Files.createDirectories(dir.resolve("sub/deep"));
    Files.writeString(dir.resolve("sub/deep/b.bin"), "deep content");
    Files.createFile(dir.resolve("empty.txt"));
  }

  /** Runs GNU tar in {@code dir} and returns what it wrote on standard output. */
  private byte[] tar(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/tar", "--format=ustar", "-cf", "-", "-C", dir.toString()));
    command.addAll(Arrays.asList(arguments));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] archive = process.getInputStream().readAllBytes();
    assertThat(process.waitFor()).as("tar exit status").isZero();
    return archive;
  }

  private static Extracted read(byte[] archive) {
    return TarArchive.readRegularFiles(new ByteArrayInputStream(archive), NO_LIMIT, Long.MAX_VALUE);
  }

  @Test
  void readsTheRegularFilesOfAnArchive() throws Exception {
    Extracted extracted = read(tar("a.txt", "sub", "empty.txt"));

    assertThat(extracted.files()).containsExactly(
        new OutputFile("a.txt", "hello\n".getBytes(StandardCharsets.UTF_8)),
        new OutputFile("sub/deep/b.bin", "deep content".getBytes(StandardCharsets.UTF_8)),
        new OutputFile("empty.txt", new byte[0]));
    assertThat(extracted.truncated()).isFalse();
  }

  @Test
  void skipsDirectoriesWithoutRejectingThem() throws Exception {
    assertThat(read(tar("sub")).rejected()).isEmpty();
  }

  @Test
  void rejectsASymbolicLinkToAHostFile() throws Exception {
    Files.createSymbolicLink(dir.resolve("result.txt"), Path.of("/etc/passwd"));

    Extracted extracted = read(tar("a.txt", "result.txt"));

    assertThat(extracted.files()).extracting(OutputFile::path).containsExactly("a.txt");
    assertThat(extracted.rejected()).containsExactly("result.txt: symbolic link");
  }

  @Test
  void rejectsAHardLinkAndKeepsTheFileItPointsTo() throws Exception {
    Files.createLink(dir.resolve("hard.txt"), dir.resolve("a.txt"));

    Extracted extracted = read(tar("a.txt", "hard.txt"));

    assertThat(extracted.files()).extracting(OutputFile::path).containsExactly("a.txt");
    assertThat(extracted.rejected()).containsExactly("hard.txt: hard link");
  }

  @Test
  void rejectsAFifo() throws Exception {
    assertThat(new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start().waitFor()).isZero();

    assertThat(read(tar("pipe")).rejected()).containsExactly("pipe: FIFO");
  }

  @Test
  void stripsTheLeadingDotSlashOfAnArchivedDirectory() throws Exception {
    Extracted extracted = read(tar("."));

    assertThat(extracted.files()).extracting(OutputFile::path)
        .containsExactlyInAnyOrder("a.txt", "sub/deep/b.bin", "empty.txt");
  }

  @Test
  void joinsTheUstarPrefixAndNameOfALongPath() throws Exception {
    String longDirectory = "d".repeat(60) + "/" + "e".repeat(60);
    Files.createDirectories(dir.resolve(longDirectory));
    Files.writeString(dir.resolve(longDirectory + "/file.txt"), "far away");

    Extracted extracted = read(tar(longDirectory + "/file.txt"));

    assertThat(extracted.files()).extracting(OutputFile::path).containsExactly(longDirectory + "/file.txt");
  }

  @Test
  void rejectsANameThatClimbsOutOfTheWorkDirectory() throws Exception {
    Extracted extracted = read(tar("--transform=s,^,../,", "a.txt"));

    assertThat(extracted.files()).isEmpty();
    assertThat(extracted.rejected()).containsExactly("../a.txt: '..' in path");
  }

  @Test
  void rejectsAParentSegmentInTheMiddleOfAName() throws Exception {
    Extracted extracted = read(tar("--transform=s,^,sub/../../,", "a.txt"));

    assertThat(extracted.files()).isEmpty();
    assertThat(extracted.rejected()).containsExactly("sub/../../a.txt: '..' in path");
  }

  @Test
  void rejectsAnAbsoluteName() throws Exception {
    Extracted extracted = read(tar("--transform=s,^,/etc/,", "a.txt"));

    assertThat(extracted.files()).isEmpty();
    assertThat(extracted.rejected()).containsExactly("/etc/a.txt: absolute path");
  }

  @Test
  void rejectsControlCharactersInANameAndShowsThemAsQuestionMarks() throws Exception {
    Files.writeString(dir.resolve("evil\u001B[2J\nname.txt"), "x");

    Extracted extracted = read(tar("evil\u001B[2J\nname.txt"));

    assertThat(extracted.files()).isEmpty();
    assertThat(extracted.rejected()).containsExactly("evil?[2J?name.txt: control character in name");
  }

  @Test
  void rejectsABackslashInAName() throws Exception {
    Files.writeString(dir.resolve("..\\..\\x.txt"), "x");

    assertThat(read(tar("..\\..\\x.txt")).rejected()).containsExactly("..\\..\\x.txt: backslash in name");
  }

  @Test
  void keepsTheFirstOfTwoEntriesWithTheSameName() throws Exception {
    // Without --hard-dereference, tar stores the second copy as a hard link to the first.
    Extracted extracted = read(tar("--hard-dereference", "a.txt", "a.txt"));

    assertThat(extracted.files()).extracting(OutputFile::path).containsExactly("a.txt");
    assertThat(extracted.rejected()).containsExactly("a.txt: duplicate entry; the first one was kept");
  }

  @Test
  void rejectsAnEntryWhoseNameIsInAPaxHeader() throws Exception {
    String longName = "n".repeat(120) + ".txt";
    Files.writeString(dir.resolve(longName), "x");
    Process process = new ProcessBuilder("/usr/bin/tar", "--format=pax", "-cf", "-", "-C", dir.toString(), longName)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] archive = process.getInputStream().readAllBytes();
    assertThat(process.waitFor()).isZero();

    Extracted extracted = read(archive);

    assertThat(extracted.files()).isEmpty();
    assertThat(extracted.rejected()).hasSize(2)
        .allSatisfy(r -> assertThat(r).contains("extension header"));
  }

  @Test
  void readsNothingFromAnEmptyArchive() throws Exception {
    Extracted extracted = read(tar("--files-from=/dev/null"));

    assertThat(extracted.files()).isEmpty();
    assertThat(extracted.truncated()).isFalse();
  }

  @Test
  void stopsAtTheFileCap() throws Exception {
    Extracted extracted =
        TarArchive.readRegularFiles(new ByteArrayInputStream(tar("a.txt", "sub", "empty.txt")), 2, Long.MAX_VALUE);

    assertThat(extracted.files()).extracting(OutputFile::path).containsExactly("a.txt", "sub/deep/b.bin");
    assertThat(extracted.truncation()).isEqualTo("more than 2 files; stopped at empty.txt");
  }

  @Test
  void stopsBeforeTheFileThatWouldCrossTheByteCap() throws Exception {
    Extracted extracted =
        TarArchive.readRegularFiles(new ByteArrayInputStream(tar("a.txt", "sub/deep/b.bin")), NO_LIMIT, 10);

    assertThat(extracted.files()).extracting(OutputFile::path).containsExactly("a.txt");
    assertThat(extracted.truncation()).isEqualTo("sub/deep/b.bin (12 bytes) would take the files over 10 bytes");
  }

  @Test
  void stopsAtAHeaderWithABadChecksum() throws Exception {
    byte[] archive = tar("a.txt", "sub/deep/b.bin");
    archive[1024 + 5] ^= 1; // the second header: after a.txt's header and its one content block

    Extracted extracted = read(archive);

    assertThat(extracted.files()).extracting(OutputFile::path).containsExactly("a.txt");
    assertThat(extracted.truncation()).startsWith("bad header checksum at byte 1024");
  }

  @Test
  void refusesADeclaredSizeBeyondTheByteCapWithoutAllocatingIt() {
    byte[] archive = concat(header("big.bin", '0', "77777777777"), new byte[BLOCK]);

    Extracted extracted = TarArchive.readRegularFiles(new ByteArrayInputStream(archive), NO_LIMIT, 1 << 20);

    assertThat(extracted.files()).isEmpty();
    assertThat(extracted.truncation()).isEqualTo("big.bin (8589934591 bytes) would take the files over 1048576 bytes");
  }

  @Test
  void refusesADeclaredSizeNoArrayCanHoldEvenWithoutByteCap() {
    byte[] archive = concat(header("big.bin", '0', "77777777777"), new byte[BLOCK]);

    assertThat(read(archive).truncation()).isEqualTo("big.bin (8589934591 bytes) is too large to hold in memory");
  }

  @Test
  void stopsAtAFileWhoseContentIsShorterThanItsDeclaredSize() {
    byte[] archive = concat(header("liar.bin", '0', "10000000000"), new byte[BLOCK]);

    Extracted extracted = read(archive);

    assertThat(extracted.files()).isEmpty();
    assertThat(extracted.truncation()).isEqualTo("the archive ends inside liar.bin");
  }

  @Test
  void allocatesWhatArrivesRatherThanTheDeclaredSize() {
    // Nearly 2 GiB declared, within the caps; 512 bytes present.
    byte[] archive = concat(header("liar.bin", '0', "17777777700"), new byte[BLOCK]);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    read(archive);

    assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(64L << 20);
  }

  @Test
  void rejectsANameWithANulHidingMoreAfterIt() {
    byte[] archive = concat(header("a.txt\0/../../etc/passwd", '0', "0"), new byte[2 * BLOCK]);

    assertThat(read(archive).rejected()).containsExactly("a.txt: NUL in name");
  }

  @Test
  void rejectsANameThatIsNotUtf8() {
    byte[] header = header("x.txt", '0', "0");
    header[0] = (byte) 0xFF;
    sealChecksum(header);

    assertThat(read(concat(header, new byte[2 * BLOCK])).rejected()).containsExactly("\uFFFD.txt: name is not UTF-8");
  }

  @Test
  void rejectsDeviceEntries() {
    byte[] archive = concat(header("tty", '3', "0"), header("disk", '4', "0"), new byte[2 * BLOCK]);

    assertThat(read(archive).rejected()).containsExactly("tty: character device", "disk: block device");
  }

  @Test
  void stopsAtABlockWithoutUstarMagic() {
    byte[] header = header("old.txt", '0', "0");
    header[257] = 0;
    sealChecksum(header);

    assertThat(read(concat(header, new byte[2 * BLOCK])).truncation()).startsWith("not a ustar header at byte 0");
  }

  @Test
  void readsNothingFromGarbage() {
    byte[] garbage = new byte[1 << 20];
    new Random(3).nextBytes(garbage);

    Extracted extracted = read(garbage);

    assertThat(extracted.files()).isEmpty();
    assertThat(extracted.truncated()).isTrue();
  }

  @Test
  void keepsWhatWasCompleteWhenTheStreamFails() throws Exception {
    byte[] archive = tar("a.txt", "sub/deep/b.bin");
    InputStream failing = new InputStream() {
      private int position;

      @Override
      public int read() throws IOException {
        if (position == 1024 + 100) {
          throw new IOException("device gone");
        }
        return archive[position++] & 0xFF;
      }
    };

    Extracted extracted = TarArchive.readRegularFiles(failing, NO_LIMIT, Long.MAX_VALUE);

    assertThat(extracted.files()).extracting(OutputFile::path).containsExactly("a.txt");
    assertThat(extracted.truncation()).isEqualTo("reading the archive failed at byte 1024: device gone");
  }

  @Test
  void listsAtMostAThousandRejections() {
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    for (int i = 0; i <= TarArchive.MAX_REJECTED; i++) {
      archive.writeBytes(header("link" + i, '2', "0"));
    }
    archive.writeBytes(new byte[2 * BLOCK]);

    assertThat(read(archive.toByteArray()).rejected()).hasSize(TarArchive.MAX_REJECTED);
  }

  @Test
  void keepsOnlyCompleteFilesWhenTheStreamIsCutAtAnyByte() throws Exception {
    byte[] archive = tar("a.txt", "sub/deep/b.bin", "empty.txt");
    List<OutputFile> all = read(archive).files();
    // Where each entry is complete: a.txt's header and its 6 bytes, b.bin's (at block 2) and its 12, empty.txt's
    // header (block 4) alone. The zero block after them ends the archive.
    int[] completeAt = {BLOCK + 6, 3 * BLOCK + 12, 5 * BLOCK};
    int endOfArchive = 5 * BLOCK + BLOCK;

    assertThat(all).containsExactly(
        new OutputFile("a.txt", "hello\n".getBytes(StandardCharsets.UTF_8)),
        new OutputFile("sub/deep/b.bin", "deep content".getBytes(StandardCharsets.UTF_8)),
        new OutputFile("empty.txt", new byte[0]));
    for (int length = 0; length <= archive.length; length++) {
      Extracted cut = read(Arrays.copyOf(archive, length));
      int cutAt = length;
      int complete = (int) Arrays.stream(completeAt).filter(end -> cutAt >= end).count();

      assertThat(cut.files()).as("cut at %d", length).isEqualTo(all.subList(0, complete));
      assertThat(cut.truncated()).as("cut at %d", length).isEqualTo(length < endOfArchive);
    }
  }

  private static final int BLOCK = 512;

  /** A POSIX ustar header with a correct checksum; {@code size} is written as given, in octal digits. */
  private static byte[] header(String name, char type, String size) {
    byte[] header = new byte[BLOCK];
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(nameBytes, 0, header, 0, Math.min(nameBytes.length, 100));
    put(header, 100, "0000644\0");
    put(header, 108, "0000000\0");
    put(header, 116, "0000000\0");
    put(header, 124, size + "\0");
    put(header, 136, "15302056161\0");
    header[156] = (byte) type;
    put(header, 257, "ustar\0" + "00");
    sealChecksum(header);
    return header;
  }

  private static void sealChecksum(byte[] header) {
    Arrays.fill(header, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xFF;
    }
    put(header, 148, String.format("%06o\0 ", sum));
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
