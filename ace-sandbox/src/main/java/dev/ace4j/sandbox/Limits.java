package dev.ace4j.sandbox;

import java.time.Duration;

/**
 * What one execution may use. Every limit is checked against a floor and a ceiling when it is set, so a request can
 * neither disable a limit (0, negative) nor ask for an absurd amount.
 *
 * @param wall wall-clock time, after which every sandbox process is killed
 * @param cpu CPU time of all the program's processes together (of each process alone where the host has no control
 *     groups)
 * @param memoryBytes memory of the whole sandbox (cgroup where the host allows it, otherwise per runtime)
 * @param processes processes and threads at once
 * @param fileSizeBytes the largest file the program may write
 * @param outputBytes bytes kept per output stream (stdout, stderr); more ends the run with {@link Status#OUTPUT_LIMIT}
 */
public record Limits(
    Duration wall, Duration cpu, long memoryBytes, int processes, long fileSizeBytes, long outputBytes) {

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long GIB = 1024 * MIB;

  public static final Duration MIN_TIME = Duration.ofMillis(100);
  public static final Duration MAX_TIME = Duration.ofMinutes(10);
  public static final long MIN_MEMORY = 16 * MIB;
  public static final long MAX_MEMORY = 16 * GIB;
  public static final int MIN_PROCESSES = 4;
  public static final int MAX_PROCESSES = 4096;
  public static final long MIN_FILE_SIZE = KIB;
  public static final long MAX_FILE_SIZE = GIB;
  public static final long MIN_OUTPUT = KIB;
  public static final long MAX_OUTPUT = 64 * MIB;

  public Limits {
    checkTime("wall-clock timeout", wall);
    checkTime("CPU time", cpu);
    checkBytes("memory", memoryBytes, MIN_MEMORY, MAX_MEMORY);
    if (processes < MIN_PROCESSES || processes > MAX_PROCESSES) {
      throw new InvalidRequestException("processes limit " + processes + " is out of range: use a value from "
          + MIN_PROCESSES + " to " + MAX_PROCESSES);
    }
    checkBytes("file size", fileSizeBytes, MIN_FILE_SIZE, MAX_FILE_SIZE);
    checkBytes("output", outputBytes, MIN_OUTPUT, MAX_OUTPUT);
  }

  /** Wall 10 s, CPU 10 s, memory 512 MiB, 64 processes, 16 MiB per file, 1 MiB per output stream. */
  public static Limits defaults() {
    return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), 512 * MIB, 64, 16 * MIB, MIB);
  }

  /** A copy with another wall-clock timeout. */
  public Limits withWall(Duration value) {
    return new Limits(value, cpu, memoryBytes, processes, fileSizeBytes, outputBytes);
  }

  /** A copy with another CPU-time limit. */
  public Limits withCpu(Duration value) {
    return new Limits(wall, value, memoryBytes, processes, fileSizeBytes, outputBytes);
  }

  /** A copy with another memory limit, in bytes. */
  public Limits withMemoryBytes(long value) {
    return new Limits(wall, cpu, value, processes, fileSizeBytes, outputBytes);
  }

  /** A copy with another process limit. */
  public Limits withProcesses(int value) {
    return new Limits(wall, cpu, memoryBytes, value, fileSizeBytes, outputBytes);
  }

  /** A copy with another largest file size, in bytes. */
  public Limits withFileSizeBytes(long value) {
    return new Limits(wall, cpu, memoryBytes, processes, value, outputBytes);
  }

  /** A copy with another cap per output stream, in bytes. */
  public Limits withOutputBytes(long value) {
    return new Limits(wall, cpu, memoryBytes, processes, fileSizeBytes, value);
  }

  private static void checkTime(String what, Duration value) {
    if (value == null || value.compareTo(MIN_TIME) < 0 || value.compareTo(MAX_TIME) > 0) {
      throw new InvalidRequestException(
          what + " " + describe(value) + " is out of range: use a value from "
              + describe(MIN_TIME) + " to " + describe(MAX_TIME));
    }
  }

  private static void checkBytes(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(what + " limit " + bytes(value) + " is out of range: use a value from "
          + bytes(min) + " to " + bytes(max));
    }
  }

  /** A byte count in the largest unit that divides it: {@code 16 MiB}, {@code 1536 KiB}, {@code 0 bytes}. */
  private static String bytes(long value) {
    if (value != 0 && value % GIB == 0) {
      return value / GIB + " GiB";
    }
    if (value != 0 && value % MIB == 0) {
      return value / MIB + " MiB";
    }
    if (value != 0 && value % KIB == 0) {
      return value / KIB + " KiB";
    }
    return value + " bytes";
  }

  private static String describe(Duration value) {
    if (value == null) {
      return "(none)";
    }
    return value.toMillis() % 1000 == 0 ? value.toSeconds() + "s" : value.toMillis() + "ms";
  }
}
