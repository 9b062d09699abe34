package dev.ace4j.mcp.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What every HTTP request passes before the SDK's servlet: the bearer token (compared in constant time; a wrong or
 * missing one is 401 and nothing else is read), a body limit, and {@link CallTags} on each POSTed message, keyed
 * by the {@code Mcp-Session-Id} header.
 */
public final class HttpGate implements Filter {
  /** The most a POST may carry: a tool call's code and files are limited far below this by the tools. */
  public static final int MAX_BODY = 16 * 1024 * 1024;

  private final byte[] expected;
  private final CallTags tags;

  public HttpGate(String token, CallTags tags) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.tags = tags;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse reply = (HttpServletResponse) response;
    String authorization = http.getHeader("Authorization");
    byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      reply.setHeader("WWW-Authenticate", "Bearer");
      reply.sendError(HttpServletResponse.SC_UNAUTHORIZED, "a bearer token is required: send the one ace mcp "
          + "printed (or ACE4J_MCP_TOKEN) as Authorization: Bearer TOKEN");
      return;
    }
    if (!"POST".equals(http.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = http.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      reply.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "a message is over 16 MiB");
      return;
    }
    String session = http.getHeader("Mcp-Session-Id");
    String text = tags.inspect("http:" + (session == null ? "" : session), new String(body,
        StandardCharsets.UTF_8));
    chain.doFilter(new Body(http, text.getBytes(StandardCharsets.UTF_8)), response);
  }

  /** The request with its body read and, perhaps, tagged. */
  private static final class Body extends HttpServletRequestWrapper {
    private final byte[] bytes;

    Body(HttpServletRequest request, byte[] bytes) {
      super(request);
      this.bytes = bytes;
    }

    @Override
    public int getContentLength() {
      return bytes.length;
    }

    @Override
    public long getContentLengthLong() {
      return bytes.length;
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        /** The body is in memory: all of it is available at once, and then read. */
        @Override
        public void setReadListener(ReadListener listener) {
          try {
            listener.onDataAvailable();
            listener.onAllDataRead();
          } catch (IOException e) {
            listener.onError(e);
          }
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }
      };
    }
  }
}
