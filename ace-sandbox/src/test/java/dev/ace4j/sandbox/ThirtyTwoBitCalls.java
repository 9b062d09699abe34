package dev.ace4j.sandbox;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether this host's kernel takes 32-bit system calls ({@code int 0x80}) at all. A kernel built without IA32
 * emulation (or booted with {@code ia32_emulation=0}) kills such a call with SIGSEGV before seccomp sees it, so a
 * test that seccomp kills it with SIGSYS has nothing to test there and must skip, not fail or pass.
 */
public final class ThirtyTwoBitCalls {
  /** Calls getpid through the 32-bit ABI: mov eax, 20; int 0x80; ret. */
  public static final String INT_0X80 = String.join("\n",
      "import ctypes, mmap",
      "page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)",
      "page.write(bytes.fromhex('b814000000cd80c3'))",
      "address = ctypes.addressof(ctypes.c_char.from_buffer(page))",
      "print(ctypes.CFUNCTYPE(ctypes.c_int)(address)())");
  private static final int KILLED_BY_SIGSEGV = 128 + 11;

  private ThirtyTwoBitCalls() {}

  /** Whether {@link #INT_0X80}, run on the host outside any sandbox, returns instead of dying of SIGSEGV. */
  public static boolean reachTheKernel() {
    if (!List.of("amd64", "x86_64").contains(System.getProperty("os.arch"))) {
      return false;
    }
    try {
      Process probe = new ProcessBuilder("/usr/bin/python3", "-I", "-c", INT_0X80).redirectErrorStream(true).start();
      probe.getOutputStream().close();
      if (!probe.waitFor(30, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        throw new IllegalStateException("the int 0x80 probe did not finish in 30 s");
      }
      probe.getInputStream().readAllBytes();
      return probe.exitValue() != KILLED_BY_SIGSEGV;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the int 0x80 probe: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
