package dev.ace4j.sandbox.internal.sealed;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jspecify.annotations.Nullable;

/**
 * ace4j's sealed test execution for Java: JUnit and the tests run in one sandbox, the code under test in another,
 * joined by two pipes (descriptor 3 reads, 4 writes). The tests compile against stand-ins of the code's types
 * ({@link StandIns} writes them from the code's declarations): same names, same members, each body a request to the
 * other side. Only plain values cross, as JSON: primitives and their boxes, strings, big numbers, arrays, lists,
 * sets, maps, optionals and enum constants. Objects of the code's classes stay on the code's side and cross as
 * numbered references, with a snapshot of their non-private fields; the tests' own objects (a lambda) stay on the
 * tests' side the same way. The tests' side decodes strictly and never runs anything the code's side names, so the
 * code can only make a test pass by returning the values its assertions expect. See docs/SECURITY.md.
 */
public final class AceSealed {
  static final int MAX_FRAME = 32 * 1024 * 1024;
  static final int MAX_DEPTH = 100;

  private AceSealed() {}

  /**
   * {@code prepare CLASSES CLASSPATH CODE... -- TESTS...} on the tests' side; {@code serve CODE...} on the code's.
   *
   * @param args the step and its files, as above
   * @throws Exception what the step could not handle, which ends the run as an error
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("prepare")) {
      System.exit(Prepare.run(args));
    } else if (args.length > 0 && args[0].equals("serve")) {
      Server.run(List.of(args).subList(1, args.length));
    } else {
      System.err.println("usage: AceSealed prepare CLASSES CLASSPATH CODE... -- TESTS... | serve CODE...");
      System.exit(2);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The tests' side: the API the stand-ins call.

  /** Marks every stand-in, so that the code's side can only ever name one of them as a class to instantiate. */
  public interface StandIn {}

  /** What a stand-in's private constructor receives: the number of its object on the code's side. */
  public static final class Ref {
    public final long id;
    public final @Nullable String message;

    Ref(long id, @Nullable String message) {
      this.id = id;
      this.message = message;
    }
  }

  /**
   * Thrown once the code under test is gone or broke the protocol: an Error, so that no test expecting an exception
   * takes it for one.
   */
  public static final class CodeUnderTestExited extends Error {
    CodeUnderTestExited(String message) {
      super(message);
    }
  }

  private static @Nullable Peer tests;

  static synchronized Peer tests() {
    if (tests == null) {
      tests = new Peer(Peer.channel(), AceSealed.class.getClassLoader(), true);
    }
    return tests;
  }

  /**
   * The error that has broken the channel, if any: {@link AceSealedGuard} fails every test from then on.
   *
   * @return the error, or null while the code under test can be reached
   */
  public static synchronized @Nullable Throwable broken() {
    return tests == null ? null : tests.channel.broken;
  }

  /**
   * Makes an object on the code's side; the stand-in's constructor then registers itself for it.
   *
   * @param type the binary name of the code's class
   * @param parameters the erasures of the constructor's parameter types
   * @param args the arguments
   * @return the object's number, for the stand-in's own constructor
   */
  public static Ref construct(String type, String[] parameters, Object[] args) {
    Object made = tests().request(op("new").with("c", type).with("p", List.of(parameters)), args);
    if (!(made instanceof Ref)) {
      throw tests().channel.fail("the other side did not answer a constructor call with a new object");
    }
    return (Ref) made;
  }

  /**
   * Called by the root stand-in's constructor: this object now stands for the code's object number {@code ref.id}.
   *
   * @param standIn the stand-in being constructed
   * @param ref what {@link #construct} or the decoder gave it
   */
  public static void register(Object standIn, Ref ref) {
    tests().register(standIn, ref.id);
  }

  /**
   * Calls a static method of the code's.
   *
   * @param type the binary name of the code's class
   * @param method the method's name
   * @param parameters the erasures of its parameter types
   * @param args the arguments
   * @return what it returned
   */
  public static @Nullable Object callStatic(String type, String method, String[] parameters, Object[] args) {
    return tests().request(op("static").with("c", type).with("m", method).with("p", List.of(parameters)), args);
  }

  /**
   * Calls a method on the object a stand-in stands for (or an enum constant's).
   *
   * @param self the stand-in
   * @param method the method's name
   * @param parameters the erasures of its parameter types
   * @param args the arguments
   * @return what it returned
   */
  public static @Nullable Object call(Object self, String method, String[] parameters, Object[] args) {
    Peer peer = tests();
    return peer.request(op("invoke").with("self", self).with("m", method).with("p", List.of(parameters)), args);
  }

  /**
   * Reads a static field of the code's that is not a compile-time constant, once, when the stand-in initializes.
   *
   * @param type the binary name of the code's class
   * @param field the field's name
   * @return its value then
   */
  public static @Nullable Object getStatic(String type, String field) {
    return tests().request(op("getstatic").with("c", type).with("f", field), new Object[0]);
  }

  private static Message op(String name) {
    return new Message().with("op", name);
  }

  /** A request under construction: its plain parts and, under "self", an object to encode with the arguments. */
  static final class Message extends LinkedHashMap<String, @Nullable Object> {
    Message with(String key, @Nullable Object value) {
      put(key, value);
      return this;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Both sides: the channel, the object tables, the encoding of values.

  static final class Channel {
    final InputStream in;
    final OutputStream out;
    @Nullable CodeUnderTestExited broken;

    Channel(InputStream in, OutputStream out) {
      this.in = in;
      this.out = out;
    }

    synchronized void send(Map<String, Object> message) {
      check();
      byte[] data = Json.write(message).getBytes(StandardCharsets.UTF_8);
      byte[] frame = new byte[4 + data.length];
      frame[0] = (byte) (data.length >>> 24);
      frame[1] = (byte) (data.length >>> 16);
      frame[2] = (byte) (data.length >>> 8);
      frame[3] = (byte) data.length;
      System.arraycopy(data, 0, frame, 4, data.length);
      try {
        out.write(frame);
        out.flush();
      } catch (IOException e) {
        throw fail("the other side exited while the tests were running");
      }
    }

    /** The next message, or null when the other side closed its end between messages. */
    @SuppressWarnings("unchecked")
    @Nullable Map<String, Object> receive() {
      check();
      byte[] header = read(4);
      if (header == null) {
        return null;
      }
      long size = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
          | (header[3] & 0xff);
      if (size > MAX_FRAME) {
        throw fail("the other side sent " + size + " bytes at once");
      }
      byte[] data = read((int) size);
      if (data == null) {
        throw fail("the other side exited while the tests were running");
      }
      Object message;
      try {
        message = Json.parse(new String(data, StandardCharsets.UTF_8));
      } catch (RuntimeException | StackOverflowError e) {
        throw fail("the other side sent a frame that is not JSON");
      }
      if (!(message instanceof Map)) {
        throw fail("the other side sent a frame that is not an object");
      }
      return (Map<String, Object>) message;
    }

    private byte @Nullable [] read(int size) {
      byte[] buffer = new byte[size];
      try {
        int offset = 0;
        while (offset < size) {
          int count = in.read(buffer, offset, size - offset);
          if (count < 0) {
            return null;
          }
          offset += count;
        }
      } catch (IOException e) {
        return null;
      }
      return buffer;
    }

    void check() {
      if (broken != null) {
        throw broken;
      }
    }

    /** Once broken, a channel stays broken: after a lost frame no answer could be matched to its request. */
    CodeUnderTestExited fail(String message) {
      if (broken == null) {
        broken = new CodeUnderTestExited("the code under test cannot be reached: " + message);
      }
      return broken;
    }
  }

  /** An object a constructor call made: it crosses as its number, with its fields, for the stand-in to take. */
  static final class Made {
    final Object object;

    Made(Object object) {
      this.object = object;
    }
  }

  /** A malformed message or value from the other side. */
  static final class ProtocolError extends RuntimeException {
    ProtocolError(String what) {
      super("malformed " + what);
    }
  }

  static void expect(boolean condition, String what) {
    if (!condition) {
      throw new ProtocolError(what);
    }
  }

  /**
   * One side's end: its objects the other side holds by number, its stand-ins (tests) or proxies (code) for the
   * other side's objects, the request/answer loop, and the encoding of values. A request waits for its answer while
   * serving the other side's requests, so callbacks nest.
   */
  static final class Peer {
    final Channel channel;
    final ClassLoader loader;
    final boolean testSide;
    final List<Object> objects = new ArrayList<>(List.of(new Object()));
    final IdentityHashMap<Object, Long> numbers = new IdentityHashMap<>();
    final Map<Long, Object> remotes = new LinkedHashMap<>();
    final IdentityHashMap<Object, Long> remoteIds = new IdentityHashMap<>();
    /** The fields of objects made by a constructor call, until their stand-in registers. */
    final Map<Long, Map<String, Object>> pendingFields = new LinkedHashMap<>();

    Peer(Channel channel, ClassLoader loader, boolean testSide) {
      this.channel = channel;
      this.loader = loader;
      this.testSide = testSide;
    }

    /**
     * The inherited descriptors 3 and 4 themselves: reopening them through /proc would need access to the FIFOs,
     * which belong to the host's user. The JVM runs with java.io opened to this class for that.
     */
    static Channel channel() {
      try {
        return new Channel(new FileInputStream(descriptor(3)), new FileOutputStream(descriptor(4)));
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new CodeUnderTestExited("the channel to the code under test is not open: " + e);
      }
    }

    private static java.io.FileDescriptor descriptor(int number) throws ReflectiveOperationException {
      java.io.FileDescriptor descriptor = new java.io.FileDescriptor();
      Field fd = java.io.FileDescriptor.class.getDeclaredField("fd");
      fd.setAccessible(true);
      fd.setInt(descriptor, number);
      return descriptor;
    }

    synchronized void register(Object standIn, long id) {
      expect(!remotes.containsKey(id), "a second stand-in for one object");
      remotes.put(id, standIn);
      remoteIds.put(standIn, id);
      Map<String, Object> fields = pendingFields.remove(id);
      if (fields != null) {
        new Decoder(null).setFields(standIn, fields);
      }
    }

    long export(Object value) {
      Long number = numbers.get(value);
      if (number == null) {
        number = (long) objects.size();
        objects.add(value);
        numbers.put(value, number);
      }
      return number;
    }

    synchronized @Nullable Object request(Message message, @Nullable Object[] args) {
      Encoder encoder = new Encoder();
      Object self = message.remove("self");
      if (self != null) {
        message.put("self", encoder.encode(self, 0));
      }
      List<Object> encoded = new ArrayList<>();
      for (Object arg : args) {
        encoded.add(encoder.encode(arg, 0));
      }
      message.put("a", encoded);
      message.put("objs", encoder.snapshots());
      channel.send(message);
      for (;;) {
        Map<String, Object> next = channel.receive();
        if (next == null) {
          throw channel.fail("the other side exited while the tests were running");
        }
        if (!next.containsKey("op")) {
          return answer(next, args);
        }
        channel.send(serve(next));
      }
    }

    private @Nullable Object answer(Map<String, Object> message, @Nullable Object[] args) {
      Object value;
      Throwable thrown;
      try {
        Decoder decoder = new Decoder(message.get("objs"));
        if (message.containsKey("restore")) {
          restore(decoder, list(message.get("restore")), args);
        }
        if (message.containsKey("ok")) {
          return decoder.decode(message.get("ok"), 0);
        }
        expect(message.containsKey("err"), "answer");
        value = decoder.decode(message.get("err"), 0);
        if (!(value instanceof Throwable)) {
          throw new ProtocolError("thrown value");
        }
        thrown = (Throwable) value;
      } catch (CodeUnderTestExited e) {
        throw e;
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        throw channel.fail("the other side sent a malformed value (" + e + ")");
      }
      throw sneaky(thrown);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable thrown) throws T {
      throw (T) thrown;
    }

    /** Answers one request of the other side: its result, or what it threw. */
    Map<String, Object> serve(Map<String, Object> message) {
      Message answer = new Message();
      Encoder encoder = new Encoder();
      Object[] args = null;
      try {
        Decoder decoder = new Decoder(message.get("objs"));
        List<Object> encodedArgs = list(message.get("a"));
        args = new Object[encodedArgs.size()];
        for (int i = 0; i < args.length; i++) {
          args[i] = decoder.decode(encodedArgs.get(i), 0);
        }
        Object result = perform(message, decoder, args);
        answer.put("ok", encoder.encode(result, 0));
      } catch (CodeUnderTestExited e) {
        throw e;
      } catch (Throwable e) {
        Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
        encoder = new Encoder();
        answer.remove("ok");
        try {
          answer.put("err", encoder.encode(cause, 0));
        } catch (RuntimeException | StackOverflowError unsendable) {
          encoder = new Encoder();
          answer.put("err", encoder.encode(new IllegalStateException(String.valueOf(cause)), 0));
        }
      }
      if (!testSide && args != null) {
        List<Object> changed = changedArguments(list(message.get("a")), args, encoder);
        if (!changed.isEmpty()) {
          answer.put("restore", changed);
        }
      }
      answer.put("objs", encoder.snapshots());
      return answer;
    }

    // Arguments travel as copies; an array, list, set or map argument the code changed is changed in place on the
    // tests' side after the call (copy-restore), so `Arrays.sort(items)` in the code is seen by the tests, and a
    // test that the code leaves its input alone means something.

    private List<Object> changedArguments(List<Object> sent, Object[] args, Encoder encoder) {
      List<Object> changed = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        Object arg = args[i];
        if (arg != null && (arg.getClass().isArray() || arg instanceof Collection<?> || arg instanceof Map<?, ?>)) {
          try {
            Object now = encoder.encode(arg, 0);
            if (!Json.write(now).equals(Json.write(sent.get(i)))) {
              changed.add(List.of((long) i, now));
            }
          } catch (RuntimeException | StackOverflowError e) {
            // an argument that can no longer be sent stays as the tests had it
          }
        }
      }
      return changed;
    }

    @SuppressWarnings("unchecked")
    private void restore(Decoder decoder, List<Object> changed, Object[] args) {
      for (Object item : changed) {
        List<Object> entry = list(item);
        expect(entry.size() == 2, "restore");
        long index = number(entry.get(0));
        expect(index >= 0 && index < args.length, "restore");
        Object target = args[(int) index];
        Object value = decoder.decode(entry.get(1), 0);
        if (target != null && target.getClass().isArray()) {
          expect(value != null && value.getClass() == target.getClass()
              && Array.getLength(value) == Array.getLength(target), "restore");
          System.arraycopy(value, 0, target, 0, Array.getLength(target));
          continue;
        }
        try {
          if (target instanceof Collection<?> && value instanceof Collection<?>) {
            ((Collection<Object>) target).clear();
            ((Collection<Object>) target).addAll((Collection<Object>) value);
          } else if (target instanceof Map<?, ?> && value instanceof Map<?, ?>) {
            ((Map<Object, Object>) target).clear();
            ((Map<Object, Object>) target).putAll((Map<Object, Object>) value);
          } else {
            throw new ProtocolError("restore");
          }
        } catch (UnsupportedOperationException e) {
          // an immutable collection of the tests': the code changed its own copy only
        }
      }
    }

    private @Nullable Object perform(Map<String, Object> message, Decoder decoder, @Nullable Object[] args)
        throws Exception {
      String op = string(message.get("op"));
      switch (op) {
        case "new": {
          expect(!testSide, "request: the tests have no constructors to call");
          Class<?> type = Class.forName(string(message.get("c")), true, loader);
          Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes(message.get("p")));
          constructor.setAccessible(true);
          return new Made(constructor.newInstance(args));
        }
        case "static": {
          expect(!testSide, "request: the tests have no static methods to call");
          Class<?> type = Class.forName(string(message.get("c")), true, loader);
          Method method = type.getDeclaredMethod(string(message.get("m")), parameterTypes(message.get("p")));
          expect(Modifier.isStatic(method.getModifiers()), "static method");
          method.setAccessible(true);
          return method.invoke(null, args);
        }
        case "getstatic": {
          expect(!testSide, "request: the tests have no fields to read");
          Field field = Class.forName(string(message.get("c")), true, loader)
              .getDeclaredField(string(message.get("f")));
          expect(Modifier.isStatic(field.getModifiers()), "static field");
          field.setAccessible(true);
          return field.get(null);
        }
        case "invoke": {
          Object self = decoder.decode(message.get("self"), 0);
          if (self == null || !numbers.containsKey(self) && (testSide || !(self instanceof Enum<?>))) {
            throw new ProtocolError("receiver");
          }
          Method method = find(self, string(message.get("m")), parameterTypes(message.get("p")));
          if (!testSide) {
            method.trySetAccessible(); // the code's own classes; a JDK method it inherits is public already
          } else if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())
              && method.getDeclaringClass().isInterface()) {
            method.setAccessible(true); // a package-private stand-in interface the tests implemented
          }
          return method.invoke(self, args);
        }
        default:
          throw new ProtocolError("operation");
      }
    }

    /**
     * The method a request names on an object: declared by its class or a superclass, or by one of its interfaces.
     * The tests' side answers only methods of the interfaces its objects were handed over as.
     */
    private Method find(Object self, String name, Class<?>[] parameters) throws NoSuchMethodException {
      if (!testSide) {
        for (Class<?> type = self.getClass(); type != null; type = type.getSuperclass()) {
          if (isJdk(type) && !Modifier.isPublic(type.getModifiers())) {
            continue; // a JDK class's private one (ArrayList's iterator): its interfaces' methods, below
          }
          try {
            return type.getDeclaredMethod(name, parameters);
          } catch (NoSuchMethodException e) {
            // look further up
          }
        }
      }
      for (Class<?> type : interfacesOf(self.getClass())) {
        try {
          return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
          // another interface
        }
      }
      if (name.equals("equals") || name.equals("hashCode") || name.equals("toString")) {
        return Object.class.getMethod(name, parameters);
      }
      Method only = null;
      for (Method method : testSide ? List.<Method>of() : List.of(self.getClass().getMethods())) {
        if (method.getName().equals(name) && method.getParameterCount() == parameters.length) {
          expect(only == null, "method: " + name + " is overloaded");
          only = method;
        }
      }
      if (only != null) {
        return only;
      }
      throw new NoSuchMethodException(self.getClass().getName() + "." + name);
    }

    private Class<?>[] parameterTypes(@Nullable Object encoded) {
      List<Object> names = list(encoded);
      Class<?>[] types = new Class<?>[names.size()];
      for (int i = 0; i < types.length; i++) {
        types[i] = type(string(names.get(i)));
      }
      return types;
    }

    /** A class a message names: a primitive, a JDK class, an array, or one of this side's own classes. */
    Class<?> type(String name) {
      switch (name) {
        case "int": return int.class;
        case "long": return long.class;
        case "short": return short.class;
        case "byte": return byte.class;
        case "char": return char.class;
        case "boolean": return boolean.class;
        case "float": return float.class;
        case "double": return double.class;
        default: break;
      }
      expect(name.length() < 1000, "type name");
      if (name.endsWith("[]")) {
        return type(name.substring(0, name.length() - 2)).arrayType();
      }
      try {
        return Class.forName(name, false, loader);
      } catch (ClassNotFoundException e) {
        throw new ProtocolError("type " + name);
      }
    }

    // Values.

    /** Encodes the values of one message; the objects it meets are listed once, with their fields, in snapshots(). */
    final class Encoder {
      private final Map<Long, Object> seen = new LinkedHashMap<>();
      private final ArrayDeque<Object> pending = new ArrayDeque<>();
      private final Set<Object> made = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

      @Nullable Object encode(@Nullable Object value, int depth) {
        if (depth > MAX_DEPTH) {
          throw new IllegalArgumentException("a value nested deeper than " + MAX_DEPTH
              + " levels (or a cycle) cannot be passed between the tests and the code under test");
        }
        if (value == null || value instanceof Boolean || value instanceof String) {
          return value;
        }
        if (value instanceof Integer) {
          return tagged("I", value.toString());
        }
        if (value instanceof Long) {
          return tagged("J", value.toString());
        }
        if (value instanceof Double) {
          return tagged("D", value.toString());
        }
        if (value instanceof Float) {
          return tagged("F", value.toString());
        }
        if (value instanceof Short) {
          return tagged("S", value.toString());
        }
        if (value instanceof Byte) {
          return tagged("B", value.toString());
        }
        if (value instanceof Character) {
          return tagged("C", value.toString());
        }
        if (value.getClass() == BigInteger.class) {
          return tagged("BI", value.toString());
        }
        if (value.getClass() == BigDecimal.class) {
          return tagged("BD", value.toString());
        }
        Long remote = remoteIds.get(value);
        if (remote != null) {
          snapshot(value);
          return new Message().with("t", "back").with("id", remote);
        }
        int next = depth + 1;
        Class<?> type = value.getClass();
        if (type.isArray()) {
          List<Object> items = new ArrayList<>();
          for (int i = 0, n = Array.getLength(value); i < n; i++) {
            items.add(encode(Array.get(value, i), next));
          }
          return new Message().with("t", "[").with("c", type.getComponentType().getTypeName()).with("v", items);
        }
        if (value instanceof Enum<?> && crossesByName(((Enum<?>) value).getDeclaringClass())) {
          Enum<?> constant = (Enum<?>) value;
          return new Message().with("t", "enum").with("c", constant.getDeclaringClass().getName())
              .with("n", constant.name());
        }
        if (isJdk(type) && value instanceof Collection<?>) {
          List<Object> items = new ArrayList<>();
          for (Object item : (Collection<?>) value) {
            items.add(encode(item, next));
          }
          return tagged(value instanceof Set<?> ? "set" : "list", items);
        }
        if (isJdk(type) && value instanceof Map<?, ?>) {
          List<Object> entries = new ArrayList<>();
          for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            entries.add(List.of(encode(entry.getKey(), next), encode(entry.getValue(), next)));
          }
          return tagged("map", entries);
        }
        if (value instanceof Optional<?>) {
          Optional<?> optional = (Optional<?>) value;
          return optional.isPresent() ? tagged("opt", encode(optional.get(), next)) : new Message().with("t", "opt");
        }
        if (value instanceof Throwable && (isJdk(type) || testSide && !StandIn.class.isAssignableFrom(type))) {
          Throwable thrown = (Throwable) value;
          Class<?> shown = type;
          while (!isJdk(shown)) {
            shown = shown.getSuperclass(); // a test's own error (an assertion's) crosses as its nearest JDK class
          }
          return new Message().with("t", "exc").with("c", shown.getName())
              .with("m", thrown.getMessage()).with("trace", trace(thrown));
        }
        boolean made = value instanceof Made;
        if (made) {
          value = ((Made) value).object;
          this.made.add(value);
        }
        long id = export(value);
        Message ref = new Message().with("t", made ? "new" : "ref").with("id", id);
        if (!seen.containsKey(id)) {
          seen.put(id, null);
          pending.add(value);
        }
        return ref;
      }

      private Message tagged(String tag, @Nullable Object value) {
        return new Message().with("t", tag).with("v", value);
      }

      private void snapshot(Object standIn) {
        if (testSide && !fieldsOf(standIn.getClass()).isEmpty()) {
          Long id = remoteIds.get(standIn);
          if (id != null && !seen.containsKey(-id)) {
            seen.put(-id, null);
            pending.add(standIn);
          }
        }
      }

      /**
       * Each object met, once: the class the other side should show it as, its interfaces, and its non-private
       * fields (encoded in turn, which may meet more objects). The tests' side sends the fields of stand-ins back.
       */
      List<Object> snapshots() {
        List<Object> list = new ArrayList<>();
        while (!pending.isEmpty()) {
          Object value = pending.poll();
          Long remote = remoteIds.get(value);
          Message entry = new Message();
          if (remote != null) {
            entry.with("back", remote);
          } else {
            entry.with("id", numbers.get(value));
            if (made.contains(value)) {
              entry.with("new", true);
            }
            Class<?> shown = shownClass(value.getClass());
            entry.with("c", shown == null ? null : shown.getName());
            List<Object> interfaces = new ArrayList<>();
            for (Class<?> type : interfacesOf(value.getClass())) {
              if (isJdk(type) || !testSide || StandIn.class.isAssignableFrom(type)) {
                interfaces.add(type.getName());
              }
            }
            entry.with("i", interfaces);
            if (value instanceof Throwable) {
              entry.with("m", ((Throwable) value).getMessage()).with("trace", trace((Throwable) value));
            }
          }
          Message fields = new Message();
          for (Field field : fieldsOf(value.getClass())) {
            try {
              field.setAccessible(true);
              fields.put(field.getName(), encode(field.get(value), 0));
            } catch (ReflectiveOperationException | RuntimeException e) {
              // a field that cannot be read is left out
            }
          }
          entry.with("f", fields);
          list.add(entry);
        }
        return list;
      }
    }

    /** The named class of the code's that the tests have a stand-in for: the object's own, or the nearest above. */
    private @Nullable Class<?> shownClass(Class<?> type) {
      if (testSide) {
        return null;
      }
      for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
        if (!c.isAnonymousClass() && !c.isLocalClass() && !c.isSynthetic() && !c.isHidden()
            && !Modifier.isPrivate(c.getModifiers())) {
          return c;
        }
      }
      return null;
    }

    /** Decodes the values of one message: first the objects it lists, then values that refer to them. */
    final class Decoder {
      private final Map<Long, Object> listed = new LinkedHashMap<>();

      Decoder(@Nullable Object snapshots) {
        List<Object> entries = snapshots == null ? List.of() : list(snapshots);
        List<Map.Entry<Object, Map<String, Object>>> withFields = new ArrayList<>();
        for (Object item : entries) {
          Map<String, Object> entry = map(item);
          Object target;
          if (entry.containsKey("back")) {
            // Only the tests send the fields of the code's objects back; the tests' own objects have none to take.
            expect(!testSide, "snapshot");
            long id = number(entry.get("back"));
            expect(id > 0 && id < objects.size(), "reference");
            target = objects.get((int) id);
          } else if (Boolean.TRUE.equals(entry.get("new")) && testSide) {
            long id = number(entry.get("id"));
            expect(id > 0 && !remotes.containsKey(id), "new object");
            pendingFields.put(id, map(entry.get("f")));
            continue;
          } else {
            long id = number(entry.get("id"));
            expect(id > 0, "reference");
            target = remote(id, entry);
            listed.put(id, target);
          }
          withFields.add(Map.entry(target, map(entry.get("f"))));
        }
        for (Map.Entry<Object, Map<String, Object>> entry : withFields) {
          setFields(entry.getKey(), entry.getValue());
        }
      }

      void setFields(Object target, Map<String, Object> values) {
        if (values.isEmpty() || target instanceof Proxy) {
          return;
        }
        for (Field field : fieldsOf(target.getClass())) {
          if (!values.containsKey(field.getName()) || !testSide && Modifier.isFinal(field.getModifiers())) {
            continue;
          }
          Object value = decode(values.get(field.getName()), 0);
          try {
            field.setAccessible(true);
            field.set(target, value);
          } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new ProtocolError("field " + field.getName());
          }
        }
      }

      @SuppressWarnings({"unchecked", "rawtypes"})
      @Nullable Object decode(@Nullable Object value, int depth) {
        expect(depth <= MAX_DEPTH, "value: nested too deep");
        if (value == null || value instanceof Boolean || value instanceof String) {
          return value;
        }
        Map<String, Object> tagged = map(value);
        String tag = string(tagged.get("t"));
        int next = depth + 1;
        switch (tag) {
          case "I": return Integer.valueOf(string(tagged.get("v")));
          case "J": return Long.valueOf(string(tagged.get("v")));
          case "D": return Double.valueOf(string(tagged.get("v")));
          case "F": return Float.valueOf(string(tagged.get("v")));
          case "S": return Short.valueOf(string(tagged.get("v")));
          case "B": return Byte.valueOf(string(tagged.get("v")));
          case "C": {
            String text = string(tagged.get("v"));
            expect(text.length() == 1, "char");
            return text.charAt(0);
          }
          case "BI": return new BigInteger(string(tagged.get("v")));
          case "BD": return new BigDecimal(string(tagged.get("v")));
          case "[": {
            Class<?> component = type(string(tagged.get("c")));
            List<Object> items = list(tagged.get("v"));
            Object array = Array.newInstance(component, items.size());
            for (int i = 0; i < items.size(); i++) {
              Array.set(array, i, decode(items.get(i), next));
            }
            return array;
          }
          case "enum": {
            Class<?> type = type(string(tagged.get("c")));
            expect(type.isEnum() && crossesByName(type), "enum");
            return Enum.valueOf((Class) type, string(tagged.get("n")));
          }
          case "list":
          case "set": {
            Collection<Object> items = tag.equals("list") ? new ArrayList<>() : new LinkedHashSet<>();
            for (Object item : list(tagged.get("v"))) {
              items.add(decode(item, next));
            }
            return items;
          }
          case "map": {
            Map<Object, Object> result = new LinkedHashMap<>();
            for (Object item : list(tagged.get("v"))) {
              List<Object> entry = list(item);
              expect(entry.size() == 2, "map entry");
              result.put(decode(entry.get(0), next), decode(entry.get(1), next));
            }
            return result;
          }
          case "opt":
            return tagged.containsKey("v") ? Optional.ofNullable(decode(tagged.get("v"), next)) : Optional.empty();
          case "exc": return exception(string(tagged.get("c")), tagged.get("m"), tagged.get("trace"), null);
          case "new": {
            expect(testSide, "value");
            long id = number(tagged.get("id"));
            expect(id > 0 && depth == 0 && pendingFields.containsKey(id), "new object");
            return new Ref(id, null);
          }
          case "back": {
            long id = number(tagged.get("id"));
            expect(id > 0 && id < objects.size(), "reference");
            return objects.get((int) id);
          }
          case "ref": {
            long id = number(tagged.get("id"));
            Object known = listed.containsKey(id) ? listed.get(id) : remotes.get(id);
            expect(known != null, "reference");
            return known;
          }
          default: throw new ProtocolError("value");
        }
      }
    }

    /**
     * This side's stand-in for an object of the other side: on the tests' side an instance of the stand-in class
     * the code named (only a stand-in, never another class) or a proxy for its interfaces; on the code's side a
     * proxy for the interfaces the tests' object implements.
     */
    private Object remote(long id, Map<String, Object> entry) {
      Object known = remotes.get(id);
      if (known != null) {
        return known;
      }
      Object made = null;
      Object className = entry.get("c");
      if (testSide && className != null) {
        Class<?> type = type(string(className));
        expect(StandIn.class.isAssignableFrom(type) && !type.isInterface() && !type.isEnum(), "stand-in");
        if (Throwable.class.isAssignableFrom(type)) {
          made = exception(type.getName(), entry.get("m"), entry.get("trace"), id);
        } else {
          try {
            Constructor<?> constructor = type.getDeclaredConstructor(Ref.class);
            constructor.setAccessible(true);
            made = constructor.newInstance(new Ref(id, null));
          } catch (ReflectiveOperationException e) {
            throw new ProtocolError("stand-in " + type.getName());
          }
        }
      }
      if (made == null) {
        List<Class<?>> interfaces = new ArrayList<>();
        for (Object name : list(entry.get("i"))) {
          Class<?> type = type(string(name));
          expect(type.isInterface() && (isJdk(type) || !testSide || StandIn.class.isAssignableFrom(type)),
              "interface");
          if (Modifier.isPublic(type.getModifiers()) || type.getClassLoader() == loader) {
            interfaces.add(type);
          }
        }
        made = proxy(id, interfaces);
      }
      remotes.put(id, made);
      remoteIds.put(made, id);
      return made;
    }

    private Object proxy(long id, List<Class<?>> interfaces) {
      Peer peer = this;
      InvocationHandler handler = (proxy, method, args) -> {
        Object[] values = args == null ? new Object[0] : args;
        if (testSide && method.getName().equals("equals") && values.length == 1
            && !remoteIds.containsKey(values[0])) {
          return false; // the code's object against a test's value: see the stand-ins' equals
        }
        String[] parameters = new String[method.getParameterCount()];
        for (int i = 0; i < parameters.length; i++) {
          parameters[i] = method.getParameterTypes()[i].getTypeName();
        }
        return peer.request(op("invoke").with("self", proxy).with("m", method.getName())
            .with("p", List.of(parameters)), values);
      };
      try {
        return Proxy.newProxyInstance(loader, interfaces.toArray(new Class<?>[0]), handler);
      } catch (IllegalArgumentException e) {
        return Proxy.newProxyInstance(loader, new Class<?>[0], handler);
      }
    }

    /** A Throwable like the other side's: a JDK exception class or a stand-in for the code's own. */
    private Throwable exception(String className, @Nullable Object message, @Nullable Object trace,
        @Nullable Long id) {
      Class<?> type = type(className);
      expect(Throwable.class.isAssignableFrom(type) && (isJdk(type) || StandIn.class.isAssignableFrom(type)
          || !testSide), "exception");
      String text = message == null ? null : string(message);
      Throwable thrown = null;
      if (StandIn.class.isAssignableFrom(type) && id != null) {
        try {
          Constructor<?> constructor = type.getDeclaredConstructor(Ref.class);
          constructor.setAccessible(true);
          thrown = (Throwable) constructor.newInstance(new Ref(id, text));
        } catch (ReflectiveOperationException e) {
          throw new ProtocolError("stand-in " + className);
        }
      } else if (!StandIn.class.isAssignableFrom(type)) {
        for (Class<?>[] signature : List.<Class<?>[]>of(new Class<?>[] {String.class}, new Class<?>[0])) {
          try {
            Constructor<?> constructor = type.getConstructor(signature);
            thrown = (Throwable) (signature.length == 1 ? constructor.newInstance(text) : constructor.newInstance());
            break;
          } catch (ReflectiveOperationException | RuntimeException e) {
            // the next signature
          }
        }
      }
      if (thrown == null) {
        thrown = new RuntimeException(className + (text == null ? "" : ": " + text));
      }
      List<StackTraceElement> frames = new ArrayList<>();
      for (Object frame : trace == null ? List.of() : list(trace)) {
        List<Object> parts = list(frame);
        expect(parts.size() == 4, "stack frame");
        frames.add(new StackTraceElement(string(parts.get(0)), string(parts.get(1)),
            parts.get(2) == null ? null : string(parts.get(2)), (int) number(parts.get(3))));
      }
      frames.addAll(List.of(thrown.getStackTrace()));
      thrown.setStackTrace(frames.toArray(new StackTraceElement[0]));
      return thrown;
    }

    private static List<Object> trace(Throwable thrown) {
      List<Object> frames = new ArrayList<>();
      for (StackTraceElement frame : thrown.getStackTrace()) {
        if (frame.getClassName().startsWith("dev.ace4j.sandbox.internal.sealed.") || frames.size() >= 50) {
          break;
        }
        frames.add(List.of(frame.getClassName(), frame.getMethodName(),
            frame.getFileName() == null ? "" : frame.getFileName(), (long) frame.getLineNumber()));
      }
      return frames;
    }

    /** An enum whose constants cross by name: the JDK's, the code's, or on the tests' side a stand-in. */
    private boolean crossesByName(Class<?> type) {
      return isJdk(type) || (testSide ? StandIn.class.isAssignableFrom(type) : type.getClassLoader() == loader);
    }
  }

  static boolean isJdk(Class<?> type) {
    return type.getClassLoader() == null || type.getClassLoader() == ClassLoader.getPlatformClassLoader();
  }

  /** The interfaces a class implements, its superclasses' included, in declaration order. */
  static Set<Class<?>> interfacesOf(Class<?> type) {
    Set<Class<?>> result = new LinkedHashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      ArrayDeque<Class<?>> queue = new ArrayDeque<>(List.of(c.getInterfaces()));
      while (!queue.isEmpty()) {
        Class<?> next = queue.poll();
        if (next != StandIn.class && result.add(next)) {
          queue.addAll(List.of(next.getInterfaces()));
        }
      }
    }
    return result;
  }

  /** The non-private, non-static fields of a class and its superclasses that are not the JDK's. */
  static List<Field> fieldsOf(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isPrivate(modifiers) && !Modifier.isStatic(modifiers) && !field.isSynthetic()
            && !field.getName().startsWith("ace$")) {
          fields.add(field);
        }
      }
    }
    return fields;
  }

  static String string(@Nullable Object value) {
    if (!(value instanceof String)) {
      throw new ProtocolError("text");
    }
    return (String) value;
  }

  static long number(@Nullable Object value) {
    if (!(value instanceof Long)) {
      throw new ProtocolError("number");
    }
    return (Long) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(@Nullable Object value) {
    if (!(value instanceof List)) {
      throw new ProtocolError("list");
    }
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(@Nullable Object value) {
    if (!(value instanceof Map)) {
      throw new ProtocolError("object");
    }
    return (Map<String, Object>) value;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The two sides' programs.

  /** The tests' side, before JUnit: compile the code (for its errors and its declarations), write the stand-ins,
   * compile them with the tests and this file. */
  static final class Prepare {
    static int run(String[] args) throws IOException {
      Path classes = Path.of(args[1]);
      String classpath = args[2];
      List<String> code = new ArrayList<>();
      List<String> tests = new ArrayList<>();
      boolean inTests = false;
      for (int i = 3; i < args.length; i++) {
        if (args[i].equals("--")) {
          inTests = true;
        } else {
          (inTests ? tests : code).add(args[i]);
        }
      }
      Path standIns = Path.of(".ace-standins");
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      PrintWriter errors = new PrintWriter(System.err, true);
      List<String> options = List.of("-nowarn", "-encoding", "UTF-8", "-implicit:none",
          "-d", ".ace-code-classes", "-cp", classpath);
      List<String> generated = new ArrayList<>();
      try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
        if (!code.isEmpty()) {
          var task = compiler.getTask(errors, files, null, options, null, files.getJavaFileObjectsFromStrings(code));
          StandIns writer = new StandIns(standIns, generated);
          task.setProcessors(List.of(writer));
          if (!task.call()) {
            return 1;
          }
        }
        List<String> sources = new ArrayList<>(generated);
        sources.addAll(tests);
        var task = compiler.getTask(errors, files, null, List.of("-nowarn", "-encoding", "UTF-8", "-proc:none",
            "-d", classes.toString(), "-cp", classpath), null, files.getJavaFileObjectsFromStrings(sources));
        if (!task.call()) {
          return 1;
        }
      }
      Path services = classes.resolve("META-INF/services/org.junit.jupiter.api.extension.Extension");
      Files.createDirectories(services.getParent());
      Files.writeString(services, "dev.ace4j.sandbox.internal.sealed.AceSealedGuard\n");
      return 0;
    }
  }

  /** The code's side: compile the code, then answer requests until the tests close the channel. */
  static final class Server {
    static void run(List<String> code) throws Exception {
      Path classes = Path.of(".ace-classes");
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      List<String> options = List.of("-nowarn", "-encoding", "UTF-8", "-proc:none", "-d", classes.toString());
      try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
        var sink = new PrintWriter(OutputStream.nullOutputStream());
        if (!code.isEmpty() && !compiler.getTask(sink, files, null, options, null,
            files.getJavaFileObjectsFromStrings(code)).call()) {
          System.exit(1); // the tests' side reports the compile errors
        }
      }
      ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, AceSealed.class.getClassLoader());
      Thread.currentThread().setContextClassLoader(loader);
      Peer peer = new Peer(Peer.channel(), loader, false);
      for (;;) {
        Map<String, Object> message = peer.channel.receive();
        if (message == null) {
          System.exit(0);
          return;
        }
        expect(message.containsKey("op"), "request");
        peer.channel.send(peer.serve(message));
      }
    }
  }


  /**
   * Writes a stand-in for each type of the code, from its declarations as javac sees them: the same name, type
   * parameters, supertypes, constructors, methods and non-private fields, each body a request to the code's side.
   */
  static final class StandIns extends javax.annotation.processing.AbstractProcessor {
    private static final String API = "dev.ace4j.sandbox.internal.sealed.AceSealed";
    private final Path out;
    private final List<String> written;
    private final Set<javax.lang.model.element.TypeElement> code = new LinkedHashSet<>();

    StandIns(Path out, List<String> written) {
      this.out = out;
      this.written = written;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public javax.lang.model.SourceVersion getSupportedSourceVersion() {
      return javax.lang.model.SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends javax.lang.model.element.TypeElement> annotations,
        javax.annotation.processing.RoundEnvironment round) {
      if (round.processingOver()) {
        return false;
      }
      List<javax.lang.model.element.TypeElement> tops = new ArrayList<>();
      for (javax.lang.model.element.Element element : round.getRootElements()) {
        if (element instanceof javax.lang.model.element.TypeElement) {
          tops.add((javax.lang.model.element.TypeElement) element);
          collect((javax.lang.model.element.TypeElement) element);
        }
      }
      for (javax.lang.model.element.TypeElement top : tops) {
        String pkg = processingEnv.getElementUtils().getPackageOf(top).getQualifiedName().toString();
        StringBuilder source = new StringBuilder();
        if (!pkg.isEmpty()) {
          source.append("package ").append(pkg).append(";\n\n");
        }
        type(top, source, "");
        Path file = out.resolve(pkg.replace('.', '/')).resolve(top.getSimpleName() + ".java");
        try {
          Files.createDirectories(file.getParent());
          Files.writeString(file, source);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        written.add(file.toString());
      }
      return false;
    }

    private void collect(javax.lang.model.element.TypeElement type) {
      code.add(type);
      for (javax.lang.model.element.Element member : type.getEnclosedElements()) {
        if (member instanceof javax.lang.model.element.TypeElement) {
          collect((javax.lang.model.element.TypeElement) member);
        }
      }
    }

    private boolean isCode(javax.lang.model.type.TypeMirror type) {
      return type instanceof javax.lang.model.type.DeclaredType
          && code.contains(((javax.lang.model.type.DeclaredType) type).asElement());
    }

    private static boolean has(javax.lang.model.element.Element element, javax.lang.model.element.Modifier modifier) {
      return element.getModifiers().contains(modifier);
    }

    private static String visibility(javax.lang.model.element.Element element) {
      if (has(element, javax.lang.model.element.Modifier.PUBLIC)) {
        return "public ";
      }
      return has(element, javax.lang.model.element.Modifier.PROTECTED) ? "protected " : "";
    }

    private void type(javax.lang.model.element.TypeElement type, StringBuilder out, String indent) {
      javax.lang.model.element.ElementKind kind = type.getKind();
      if (kind == javax.lang.model.element.ElementKind.ANNOTATION_TYPE
          || has(type, javax.lang.model.element.Modifier.PRIVATE)) {
        return;
      }
      boolean nested = type.getEnclosingElement() instanceof javax.lang.model.element.TypeElement;
      boolean isInterface = kind == javax.lang.model.element.ElementKind.INTERFACE;
      boolean isEnum = kind == javax.lang.model.element.ElementKind.ENUM;
      String name = type.getSimpleName().toString();
      out.append(indent).append(visibility(type)).append(nested ? "static " : "")
          .append(isInterface ? "interface " : isEnum ? "enum " : "class ").append(name)
          .append(typeParameters(type.getTypeParameters()));
      javax.lang.model.type.TypeMirror superclass = type.getSuperclass();
      boolean codeSuper = isCode(superclass);
      boolean throwable = !isInterface && !isEnum && processingEnv.getTypeUtils().isSubtype(
          processingEnv.getTypeUtils().erasure(type.asType()),
          processingEnv.getElementUtils().getTypeElement("java.lang.Throwable").asType());
      boolean jdkSuper = !isInterface && !isEnum && !codeSuper && !throwable && extendable(superclass);
      if (codeSuper || throwable || jdkSuper) {
        out.append(" extends ").append(superclass);
      }
      List<String> interfaces = new ArrayList<>();
      type.getInterfaces().forEach(i -> interfaces.add(i.toString()));
      interfaces.add(API + ".StandIn");
      out.append(isInterface ? " extends " : " implements ").append(String.join(", ", interfaces)).append(" {\n");
      String inner = indent + "  ";
      if (isEnum) {
        List<String> constants = new ArrayList<>();
        for (javax.lang.model.element.Element member : type.getEnclosedElements()) {
          if (member.getKind() == javax.lang.model.element.ElementKind.ENUM_CONSTANT) {
            constants.add(member.getSimpleName().toString());
          }
        }
        out.append(inner).append(String.join(", ", constants)).append(";\n");
      }
      String binary = processingEnv.getElementUtils().getBinaryName(type).toString();
      if (!isInterface && !isEnum) {
        out.append(inner).append("protected ").append(name).append("(").append(API).append(".Ref ace$ref) {\n");
        if (codeSuper) {
          out.append(inner).append("  super(ace$ref);\n");
        } else {
          out.append(inner).append(throwable ? "  super(ace$ref.message);\n" : "")
              .append(inner).append("  ").append(API).append(".register(this, ace$ref);\n");
        }
        out.append(inner).append("}\n");
      }
      Set<String> declared = new LinkedHashSet<>();
      for (javax.lang.model.element.Element member : type.getEnclosedElements()) {
        if (has(member, javax.lang.model.element.Modifier.PRIVATE)) {
          continue;
        }
        switch (member.getKind()) {
          case FIELD:
            field((javax.lang.model.element.VariableElement) member, binary, isEnum, out, inner);
            break;
          case CONSTRUCTOR:
            if (!isInterface && !isEnum && (!nested || has(type, javax.lang.model.element.Modifier.STATIC)
                || kind == javax.lang.model.element.ElementKind.RECORD)) {
              constructor((javax.lang.model.element.ExecutableElement) member, name, binary, out, inner);
            }
            break;
          case METHOD: {
            javax.lang.model.element.ExecutableElement method = (javax.lang.model.element.ExecutableElement) member;
            String methodName = method.getSimpleName().toString();
            if (isEnum && (methodName.equals("values") || methodName.equals("valueOf"))) {
              break;
            }
            declared.add(key(method));
            method(method, (javax.lang.model.type.ExecutableType) method.asType(), binary, isInterface, out, inner);
            break;
          }
          default:
            break;
        }
      }
      if (!isInterface) {
        inherited(type, declared, jdkSuper, binary, out, inner);
      }
      if (!isInterface && !isEnum && !codeSuper) {
        if (!declared.contains("equals(java.lang.Object)")) {
          // Only to the code's own objects: an object of the code's that claims to equal a test's value proves nothing.
          out.append(inner).append("@Override public boolean equals(Object other) { return other instanceof ")
              .append(API).append(".StandIn && (Boolean) ").append(API)
              .append(".call(this, \"equals\", new String[] {\"java.lang.Object\"}, new Object[] {other}); }\n");
        }
        if (!declared.contains("hashCode()")) {
          out.append(inner).append("@Override public int hashCode() { return (Integer) ").append(API)
              .append(".call(this, \"hashCode\", new String[0], new Object[0]); }\n");
        }
        if (!declared.contains("toString()")) {
          out.append(inner).append("@Override public String toString() { return (String) ").append(API)
              .append(".call(this, \"toString\", new String[0], new Object[0]); }\n");
        }
      }
      for (javax.lang.model.element.Element member : type.getEnclosedElements()) {
        if (member instanceof javax.lang.model.element.TypeElement) {
          type((javax.lang.model.element.TypeElement) member, out, inner);
        }
      }
      out.append(indent).append("}\n");
    }

    /**
     * Methods a class inherits and does not declare that its stand-in must forward too: abstract ones (a code
     * interface it leaves to a subclass) and, when the stand-in extends the same JDK class as the code's class does
     * (a cache that extends LinkedHashMap), every public method of that class, whose local state is never used.
     */
    private void inherited(javax.lang.model.element.TypeElement type, Set<String> declared, boolean jdkSuper,
        String binary, StringBuilder out, String indent) {
      var elements = processingEnv.getElementUtils();
      for (javax.lang.model.element.Element member : elements.getAllMembers(type)) {
        if (member.getKind() != javax.lang.model.element.ElementKind.METHOD || member.getEnclosingElement() == type
            || has(member, javax.lang.model.element.Modifier.STATIC)) {
          continue;
        }
        javax.lang.model.element.ExecutableElement method = (javax.lang.model.element.ExecutableElement) member;
        boolean isAbstract = has(method, javax.lang.model.element.Modifier.ABSTRACT);
        javax.lang.model.element.Element owner = method.getEnclosingElement();
        boolean fromJdk = jdkSuper && owner instanceof javax.lang.model.element.TypeElement && !code.contains(owner)
            && !((javax.lang.model.element.TypeElement) owner).getQualifiedName().contentEquals("java.lang.Object")
            && has(method, javax.lang.model.element.Modifier.PUBLIC)
            && !has(method, javax.lang.model.element.Modifier.FINAL);
        String key = key(method);
        if (!isAbstract && !fromJdk || declared.contains(key)
            || List.of("equals(java.lang.Object)", "hashCode()", "toString()").contains(key)) {
          continue;
        }
        boolean overridden = false;
        for (javax.lang.model.element.Element other : elements.getAllMembers(type)) {
          if (other != method && other.getKind() == javax.lang.model.element.ElementKind.METHOD
              && (!has(other, javax.lang.model.element.Modifier.ABSTRACT) && !fromJdk
                  || other.getEnclosingElement() == type)
              && elements.overrides((javax.lang.model.element.ExecutableElement) other, method, type)) {
            overridden = true;
          }
        }
        if (!overridden) {
          declared.add(key);
          var asMember = (javax.lang.model.type.ExecutableType) processingEnv.getTypeUtils()
              .asMemberOf((javax.lang.model.type.DeclaredType) type.asType(), method);
          method(method, asMember, binary, false, out, indent);
        }
      }
    }

    /** Whether a stand-in can extend the JDK class the code's class extends: it has a constructor without arguments. */
    private boolean extendable(javax.lang.model.type.TypeMirror superclass) {
      if (!(superclass instanceof javax.lang.model.type.DeclaredType)) {
        return false;
      }
      var element = (javax.lang.model.element.TypeElement)
          ((javax.lang.model.type.DeclaredType) superclass).asElement();
      String name = element.getQualifiedName().toString();
      if (name.equals("java.lang.Object") || name.equals("java.lang.Record") || name.equals("java.lang.Enum")) {
        return false;
      }
      for (javax.lang.model.element.Element member : element.getEnclosedElements()) {
        if (member.getKind() == javax.lang.model.element.ElementKind.CONSTRUCTOR
            && ((javax.lang.model.element.ExecutableElement) member).getParameters().isEmpty()
            && (has(member, javax.lang.model.element.Modifier.PUBLIC)
                || has(member, javax.lang.model.element.Modifier.PROTECTED))) {
          return true;
        }
      }
      return false;
    }

    /** A method's name and erased parameter types: what tells overloads apart. */
    private String key(javax.lang.model.element.ExecutableElement method) {
      List<String> types = new ArrayList<>();
      for (javax.lang.model.element.VariableElement parameter : method.getParameters()) {
        types.add(binaryName(processingEnv.getTypeUtils().erasure(parameter.asType())));
      }
      return method.getSimpleName() + "(" + String.join(",", types) + ")";
    }

    private void field(javax.lang.model.element.VariableElement field, String binary, boolean isEnum,
        StringBuilder out, String indent) {
      boolean isStatic = has(field, javax.lang.model.element.Modifier.STATIC);
      String type = field.asType().toString();
      String name = field.getSimpleName().toString();
      if (!isStatic) {
        if (!isEnum) {
          out.append(indent).append(visibility(field)).append(type).append(' ').append(name).append(";\n");
        }
        return;
      }
      Object constant = field.getConstantValue();
      out.append(indent).append(visibility(field)).append("static ")
          .append(has(field, javax.lang.model.element.Modifier.FINAL) ? "final " : "").append(type).append(' ')
          .append(name).append(" = ");
      if (constant != null) {
        out.append(processingEnv.getElementUtils().getConstantExpression(constant));
      } else {
        out.append('(').append(boxed(field.asType())).append(") ").append(API).append(".getStatic(")
            .append(literal(binary)).append(", ").append(literal(name)).append(')');
      }
      out.append(";\n");
    }

    private void constructor(javax.lang.model.element.ExecutableElement constructor, String name, String binary,
        StringBuilder out, String indent) {
      out.append(indent).append(visibility(constructor)).append(typeParameters(constructor.getTypeParameters()))
          .append(name).append('(').append(parameters(constructor, (javax.lang.model.type.ExecutableType)
              constructor.asType())).append(')').append(throwsClause(constructor)).append(" {\n")
          .append(indent).append("  this(").append(API).append(".construct(").append(literal(binary)).append(", ")
          .append(erasures(constructor)).append(", ").append(arguments(constructor)).append("));\n")
          .append(indent).append("}\n");
    }

    private void method(javax.lang.model.element.ExecutableElement method,
        javax.lang.model.type.ExecutableType signature, String binary, boolean isInterface, StringBuilder out,
        String indent) {
      boolean isStatic = has(method, javax.lang.model.element.Modifier.STATIC);
      boolean isAbstract = has(method, javax.lang.model.element.Modifier.ABSTRACT);
      javax.lang.model.type.TypeMirror result = signature.getReturnType();
      boolean isVoid = result.getKind() == javax.lang.model.type.TypeKind.VOID;
      String visibility = isInterface ? "" : visibility(method);
      javax.lang.model.element.Element owner = method.getEnclosingElement();
      if (!isInterface && owner != null && owner.getKind() == javax.lang.model.element.ElementKind.INTERFACE) {
        visibility = "public ";
      }
      out.append(indent).append("@SuppressWarnings(\"unchecked\") ").append(visibility)
          .append(isStatic ? "static " : isInterface && !isAbstract ? "default " : "")
          .append(typeParameters(method.getTypeParameters())).append(result).append(' ')
          .append(method.getSimpleName()).append('(').append(parameters(method, signature)).append(')')
          .append(throwsClause(method));
      if (isInterface && isAbstract) {
        out.append(";\n");
        return;
      }
      String call = isStatic
          ? API + ".callStatic(" + literal(binary) + ", "
          : API + ".call(this, ";
      out.append(" {\n").append(indent).append("  ").append(isVoid ? "" : "return (" + boxed(result) + ") ")
          .append(call).append(literal(method.getSimpleName().toString())).append(", ").append(erasures(method))
          .append(", ").append(arguments(method)).append(");\n").append(indent).append("}\n");
    }

    private String boxed(javax.lang.model.type.TypeMirror type) {
      if (type.getKind().isPrimitive()) {
        return processingEnv.getTypeUtils().boxedClass((javax.lang.model.type.PrimitiveType) type).toString();
      }
      return type.toString();
    }

    private String typeParameters(List<? extends javax.lang.model.element.TypeParameterElement> parameters) {
      if (parameters.isEmpty()) {
        return "";
      }
      List<String> declared = new ArrayList<>();
      for (javax.lang.model.element.TypeParameterElement parameter : parameters) {
        List<String> bounds = new ArrayList<>();
        for (javax.lang.model.type.TypeMirror bound : parameter.getBounds()) {
          if (!bound.toString().equals("java.lang.Object")) {
            bounds.add(bound.toString());
          }
        }
        declared.add(parameter.getSimpleName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
      }
      return "<" + String.join(", ", declared) + "> ";
    }

    private String parameters(javax.lang.model.element.ExecutableElement method,
        javax.lang.model.type.ExecutableType signature) {
      List<String> declared = new ArrayList<>();
      List<? extends javax.lang.model.type.TypeMirror> types = signature.getParameterTypes();
      for (int i = 0; i < types.size(); i++) {
        String type = types.get(i).toString();
        if (method.isVarArgs() && i == types.size() - 1 && type.endsWith("[]")) {
          type = type.substring(0, type.length() - 2) + "...";
        }
        declared.add(type + " a" + i);
      }
      return String.join(", ", declared);
    }

    private String throwsClause(javax.lang.model.element.ExecutableElement method) {
      if (method.getThrownTypes().isEmpty()) {
        return "";
      }
      List<String> thrown = new ArrayList<>();
      method.getThrownTypes().forEach(t -> thrown.add(t.toString()));
      return " throws " + String.join(", ", thrown);
    }

    private String erasures(javax.lang.model.element.ExecutableElement method) {
      List<String> names = new ArrayList<>();
      for (javax.lang.model.element.VariableElement parameter : method.getParameters()) {
        names.add(literal(binaryName(processingEnv.getTypeUtils().erasure(parameter.asType()))));
      }
      return "new String[] {" + String.join(", ", names) + "}";
    }

    private String binaryName(javax.lang.model.type.TypeMirror type) {
      if (type instanceof javax.lang.model.type.ArrayType) {
        return binaryName(((javax.lang.model.type.ArrayType) type).getComponentType()) + "[]";
      }
      if (type instanceof javax.lang.model.type.DeclaredType) {
        return processingEnv.getElementUtils().getBinaryName(
            (javax.lang.model.element.TypeElement) ((javax.lang.model.type.DeclaredType) type).asElement()).toString();
      }
      return type.toString();
    }

    private static String arguments(javax.lang.model.element.ExecutableElement method) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < method.getParameters().size(); i++) {
        names.add("a" + i);
      }
      return "new Object[] {" + String.join(", ", names) + "}";
    }

    private static String literal(String text) {
      return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // JSON, strictly: objects, arrays, strings, integers, true, false, null.

  static final class Json {
    private final String text;
    private int at;

    private Json(String text) {
      this.text = text;
    }

    static @Nullable Object parse(String text) {
      Json json = new Json(text);
      Object value = json.value(0);
      json.space();
      expect(json.at == text.length(), "JSON");
      return value;
    }

    private @Nullable Object value(int depth) {
      expect(depth < 4 * MAX_DEPTH + 20, "JSON: nested too deep");
      space();
      expect(at < text.length(), "JSON");
      char c = text.charAt(at);
      if (c == '{') {
        at++;
        Map<String, Object> object = new LinkedHashMap<>();
        space();
        if (peek('}')) {
          return object;
        }
        do {
          space();
          expect(at < text.length() && text.charAt(at) == '"', "JSON key");
          String key = string();
          space();
          expect(peek(':'), "JSON");
          object.put(key, value(depth + 1));
          space();
        } while (peek(','));
        expect(peek('}'), "JSON");
        return object;
      }
      if (c == '[') {
        at++;
        List<Object> array = new ArrayList<>();
        space();
        if (peek(']')) {
          return array;
        }
        do {
          array.add(value(depth + 1));
          space();
        } while (peek(','));
        expect(peek(']'), "JSON");
        return array;
      }
      if (c == '"') {
        return string();
      }
      if (text.startsWith("true", at)) {
        at += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("false", at)) {
        at += 5;
        return Boolean.FALSE;
      }
      if (text.startsWith("null", at)) {
        at += 4;
        return null;
      }
      int start = at;
      if (c == '-') {
        at++;
      }
      while (at < text.length() && Character.isDigit(text.charAt(at)) && at - start < 19) {
        at++;
      }
      expect(at > start && Character.isDigit(text.charAt(at - 1)), "JSON number");
      return Long.valueOf(text.substring(start, at));
    }

    private String string() {
      at++;
      StringBuilder out = new StringBuilder();
      for (;;) {
        expect(at < text.length(), "JSON string");
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        expect(at < text.length(), "JSON string");
        char e = text.charAt(at++);
        switch (e) {
          case 'n': out.append('\n'); break;
          case 't': out.append('\t'); break;
          case 'r': out.append('\r'); break;
          case 'b': out.append('\b'); break;
          case 'f': out.append('\f'); break;
          case 'u':
            expect(at + 4 <= text.length(), "JSON escape");
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
            break;
          default:
            expect(e == '"' || e == '\\' || e == '/', "JSON escape");
            out.append(e);
        }
      }
    }

    private boolean peek(char c) {
      if (at < text.length() && text.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    private void space() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    static String write(@Nullable Object value) {
      StringBuilder out = new StringBuilder();
      write(value, out);
      return out.toString();
    }

    private static void write(@Nullable Object value, StringBuilder out) {
      if (value == null || value instanceof Boolean || value instanceof Long) {
        out.append(value);
      } else if (value instanceof String) {
        out.append('"');
        String text = (String) value;
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (c == '"' || c == '\\') {
            out.append('\\').append(c);
          } else if (c < 0x20 || c >= 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
        out.append('"');
      } else if (value instanceof Map<?, ?>) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          out.append(first ? "" : ",");
          first = false;
          write(entry.getKey(), out);
          out.append(':');
          write(entry.getValue(), out);
        }
        out.append('}');
      } else if (value instanceof List<?>) {
        out.append('[');
        boolean first = true;
        for (Object item : (List<?>) value) {
          out.append(first ? "" : ",");
          first = false;
          write(item, out);
        }
        out.append(']');
      } else {
        throw new IllegalStateException("not JSON: " + value.getClass());
      }
    }
  }
}
