package dev.ace4j.sandbox.security;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.OutputFile;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The main class of a child JVM that {@link SecretsTest} starts with a fake secret in its environment (a test cannot
 * change its own JVM's environment). It runs payloads that look for the secret everywhere a sandboxed program can
 * look, and prints all they saw; the test then checks that the secret appears nowhere in that output.
 */
public final class HostSecretProbe {
  /** The variable that holds the fake secret in the child JVM's environment. */
  public static final String VARIABLE = "ACE4J_FAKE_SECRET";
  /** Every secret the test plants starts with this; payloads search for it, assembled so their source lacks it. */
  public static final String PREFIX = "sk-test-";

  private HostSecretProbe() {}

  public static void main(String[] args) {
    String secret = System.getenv(VARIABLE);
    System.out.println("host holds the secret: " + (secret != null && secret.startsWith(PREFIX)));
    try (Sandbox sandbox = Sandboxes.create(Payloads.settings())) {
      for (Map.Entry<String, ExecutionRequest> probe : probes().entrySet()) {
        Execution run = sandbox.execute(probe.getValue());
        System.out.println("== " + probe.getKey() + ": " + run.status().id() + " " + run.detail());
        System.out.println(run.stdout().text());
        System.out.println("-- stderr");
        System.out.println(run.stderr().text());
        for (OutputFile file : run.files()) {
          System.out.println("-- file " + file.path());
          System.out.println(file.text());
        }
      }
    }
  }

  private static Map<String, ExecutionRequest> probes() {
    Map<String, ExecutionRequest> probes = new LinkedHashMap<>();
    probes.put("python environment", request(Language.PYTHON, """
        import os, subprocess
        print('os.environ:', dict(os.environ))
        for pid in sorted((p for p in os.listdir('/proc') if p.isdigit()), key=int):
            for leaf in ('environ', 'cmdline'):
                path = '/proc/%s/%s' % (pid, leaf)
                try:
                    print(path, open(path, 'rb').read())
                except OSError as e:
                    print(path, e)
        print('/proc/self/environ', open('/proc/self/environ', 'rb').read())
        print('printenv:')
        print(subprocess.run(['printenv'], capture_output=True, text=True).stdout)
        """));
    probes.put("python file system search", request(Language.PYTHON, """
        import os, stat, time
        needle = ('sk-' + 'test-').encode()
        # The secret was made moments ago, so only a file written since could hold it: /usr (5 GB of packages)
        # is searched for recent files only; everything else whole.
        recent = time.time() - 600
        walked, scanned, hits = 0, 0, []
        with open('/tmp/canary', 'wb') as f:  # shows that the search finds what is there
            f.write(needle + b'canary')
        def search(path):
            global scanned
            try:
                with open(path, 'rb') as f:
                    data = f.read(4 << 20)
            except OSError:
                return
            scanned += 1
            at = data.find(needle)
            while at >= 0:
                hits.append((path, data[at:at + 64]))
                at = data.find(needle, at + 1)
        for top in sorted(os.listdir('/')):
            if top in ('proc', 'sys') or os.path.islink('/' + top):
                continue
            for root, dirs, files in os.walk('/' + top):
                for name in files:
                    path = os.path.join(root, name)
                    try:
                        st = os.lstat(path)
                    except OSError:
                        continue
                    walked += 1
                    if stat.S_ISREG(st.st_mode) and (not root.startswith('/usr') or st.st_mtime > recent):
                        search(path)
        for pid in (p for p in os.listdir('/proc') if p.isdigit()):
            for leaf in ('environ', 'cmdline', 'status'):
                search('/proc/%s/%s' % (pid, leaf))
        print('walked', walked, 'files, searched', scanned, 'of them,', len(hits), 'hits')
        for path, context in hits:
            print('hit', path, context)
        """));
    probes.put("bash environment", request(Language.BASH, """
        printenv
        echo '-- /proc/1/environ'; tr '\\0' '\\n' < /proc/1/environ
        echo '-- /proc/self/environ'; tr '\\0' '\\n' < /proc/self/environ
        echo "-- /proc/$PPID/environ"; tr '\\0' '\\n' < /proc/$PPID/environ
        echo '-- set'; set
        """));
    probes.put("node environment", request(Language.JAVASCRIPT, """
        const fs = require('fs');
        console.log(JSON.stringify(process.env));
        for (const pid of fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
          try {
            console.log(pid, JSON.stringify(fs.readFileSync('/proc/' + pid + '/environ', 'latin1')));
          } catch (e) {
            console.log(pid, e.code);
          }
        }
        """));
    probes.put("java environment", request(Language.JAVA, """
        import java.nio.file.Files;
        import java.nio.file.Path;

        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(System.getenv());
            System.out.println(new String(Files.readAllBytes(Path.of("/proc/1/environ"))));
            System.out.println(System.getProperties());
          }
        }
        """));
    return probes;
  }

  private static ExecutionRequest request(Language language, String code) {
    return ExecutionRequest.snippet(language, code)
        .limits(Limits.defaults().withWall(Duration.ofSeconds(60)).withCpu(Duration.ofSeconds(60)))
        .build();
  }
}
