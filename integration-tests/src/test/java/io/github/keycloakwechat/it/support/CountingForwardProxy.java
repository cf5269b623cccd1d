package io.github.keycloakwechat.it.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP/1.1 forward proxy on 127.0.0.1 that counts what passes through it, per path.
 *
 * <p>It takes absolute-form requests ({@code GET http://host:port/path?query HTTP/1.1}), as a client configured
 * with an HTTP proxy sends them, forwards each to its target and relays the answer. Host names ending in
 * {@code fakeDomain} (e.g. {@code .proxy.test}, a reserved name no DNS resolves) are sent to 127.0.0.1, so a
 * service addressed by such a name is reachable <em>only</em> through this proxy. Other targets must be loopback
 * addresses: the proxy never reaches out of the machine. {@code CONNECT} (tunnelling for https) is answered 501.
 *
 * <p>Client connections are kept alive (Apache HttpClient reuses them); each forwarded request uses a fresh
 * upstream connection with {@code Connection: close}. Request bodies with {@code Content-Length} or chunked
 * encoding are forwarded with a {@code Content-Length}; answers are relayed with a {@code Content-Length}.
 */
public final class CountingForwardProxy implements AutoCloseable {

    /**
     * One request the proxy handled: the target as the client named it, how its body came ({@code none},
     * {@code length} or {@code chunked}) and how many bytes it had, and the status relayed.
     */
    public record Forwarded(String method, String host, int port, String path, String bodyFraming, int bodyBytes,
                            int status) {
    }

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int CLIENT_IDLE_TIMEOUT_MS = 120_000;
    private static final int UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;
    private static final int UPSTREAM_READ_TIMEOUT_MS = 60_000;
    /** Hop-by-hop headers (RFC 9110 7.6.1) and the framing headers this proxy sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authorization", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length", "expect");

    private final String fakeDomain;
    private final ServerSocket serverSocket;
    private final ExecutorService workers;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> countsByPath = new ConcurrentHashMap<>();
    private final List<Forwarded> forwarded = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private CountingForwardProxy(String fakeDomain, ServerSocket serverSocket) {
        this.fakeDomain = fakeDomain.toLowerCase(Locale.ROOT);
        this.serverSocket = serverSocket;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "counting-proxy-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.execute(this::acceptLoop);
    }

    /**
     * Starts on a free port of 127.0.0.1. Host names ending in {@code fakeDomain} (e.g. {@code ".proxy.test"}) are
     * forwarded to 127.0.0.1 on the port the client named.
     */
    public static CountingForwardProxy start(String fakeDomain) {
        if (fakeDomain == null || !fakeDomain.startsWith(".")) {
            throw new IllegalArgumentException("fakeDomain must start with a dot, e.g. \".proxy.test\"");
        }
        try {
            ServerSocket socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            return new CountingForwardProxy(fakeDomain, socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's port on 127.0.0.1", e);
        }
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:port}, as proxy URIs are written. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** How many requests for {@code path} (without query, e.g. {@code /cgi-bin/stable_token}) passed through. */
    public int count(String path) {
        AtomicInteger n = countsByPath.get(path);
        return n == null ? 0 : n.get();
    }

    /** All counts by path, sorted. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new TreeMap<>();
        countsByPath.forEach((path, n) -> out.put(path, n.get()));
        return out;
    }

    /** Every request handled since the last {@link #reset()}, in the order they were answered. */
    public List<Forwarded> forwarded() {
        return List.copyOf(forwarded);
    }

    public void reset() {
        countsByPath.clear();
        forwarded.clear();
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : openSockets) {
            closeQuietly(socket);
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "CountingForwardProxy at " + url() + " (fake domain " + fakeDomain + ")";
    }

    // ---------------------------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[proxy] accept failed: " + e);
                }
                return;
            }
            openSockets.add(client);
            try {
                workers.execute(() -> serve(client));
            } catch (RuntimeException rejectedAfterClose) {
                closeQuietly(client);
            }
        }
    }

    /** One client connection: requests one after the other until the client closes it or asks to. */
    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(CLIENT_IDLE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            while (!closed) {
                Request request;
                try {
                    request = readRequest(in, out);
                } catch (BadRequest e) {
                    writeResponse(out, 400, "Bad Request", TEXT, text(e.getMessage()), true, false);
                    return;
                }
                if (request == null) {
                    return; // the client closed the connection between requests
                }
                boolean close = request.wantsClose();
                if ("CONNECT".equals(request.method)) {
                    record(request, request.target, -1, "", 501);
                    writeResponse(out, 501, "Not Implemented", TEXT,
                            text("this test proxy forwards plain http only; CONNECT is not supported"), true, false);
                    return;
                }
                forward(request, out, close);
                if (close) {
                    return;
                }
            }
        } catch (SocketException | EOFException gone) {
            // the client went away
        } catch (IOException e) {
            if (!closed) {
                System.err.println("[proxy] connection failed: " + e);
            }
        } finally {
            openSockets.remove(client);
        }
    }

    private void forward(Request request, OutputStream out, boolean closeAfter) throws IOException {
        URI target;
        try {
            target = new URI(request.target);
        } catch (URISyntaxException e) {
            target = null;
        }
        if (target == null || !"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
            record(request, request.target, -1, request.target, 400);
            writeResponse(out, 400, "Bad Request", TEXT,
                    text("a forward proxy needs an absolute http:// request target, got " + request.target),
                    closeAfter, "HEAD".equals(request.method));
            return;
        }
        String host = target.getHost();
        int port = target.getPort() == -1 ? 80 : target.getPort();
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        String pathAndQuery = path + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());

        InetAddress address;
        try {
            address = resolve(host);
        } catch (IOException e) {
            record(request, host, port, path, 502);
            writeResponse(out, 502, "Bad Gateway", TEXT, text("proxy: " + e.getMessage()), closeAfter,
                    "HEAD".equals(request.method));
            return;
        }

        Response response;
        try {
            response = exchange(address, port, request, pathAndQuery);
        } catch (IOException e) {
            record(request, host, port, path, 502);
            writeResponse(out, 502, "Bad Gateway", TEXT,
                    text("proxy: " + host + ":" + port + " did not answer: " + e), closeAfter,
                    "HEAD".equals(request.method));
            return;
        }
        record(request, host, port, path, response.status);
        writeResponse(out, response.status, response.reason, response.headers, response.body, closeAfter,
                response.bodyless);
    }

    /** Fake names go to loopback; anything else must already be a loopback address. */
    private InetAddress resolve(String host) throws IOException {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.endsWith(fakeDomain)) {
            return InetAddress.getLoopbackAddress();
        }
        InetAddress address = InetAddress.getByName(host);
        if (!address.isLoopbackAddress()) {
            throw new IOException("this test proxy reaches loopback addresses and *" + fakeDomain + " only, not "
                    + host);
        }
        return address;
    }

    private static Response exchange(InetAddress address, int port, Request request, String pathAndQuery)
            throws IOException {
        try (Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(address, port), UPSTREAM_CONNECT_TIMEOUT_MS);
            upstream.setSoTimeout(UPSTREAM_READ_TIMEOUT_MS);
            OutputStream out = new BufferedOutputStream(upstream.getOutputStream());
            StringBuilder head = new StringBuilder();
            head.append(request.method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
            boolean hasHost = false;
            for (String[] header : request.headers) {
                String name = header[0].toLowerCase(Locale.ROOT);
                if (NOT_FORWARDED.contains(name)) {
                    continue;
                }
                hasHost |= name.equals("host");
                head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            if (!hasHost) {
                head.append("Host: ").append(URI.create(request.target).getRawAuthority()).append("\r\n");
            }
            if (!request.framing.equals("none")) {
                head.append("Content-Length: ").append(request.body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(request.body);
            out.flush();

            InputStream in = new BufferedInputStream(upstream.getInputStream());
            while (true) {
                String statusLine = readLine(in);
                if (statusLine == null) {
                    throw new EOFException("connection closed before a status line");
                }
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    throw new IOException("not an HTTP status line: " + statusLine);
                }
                int status = Integer.parseInt(parts[1]);
                String reason = parts.length > 2 ? parts[2] : "";
                List<String[]> headers = readHeaders(in);
                if (status >= 100 && status < 200) {
                    continue; // interim answers (100 Continue) are not relayed
                }
                boolean bodyless = "HEAD".equals(request.method) || status == 204 || status == 304;
                byte[] body;
                if (bodyless) {
                    body = new byte[0];
                } else if (isChunked(headers)) {
                    body = readChunked(in);
                } else {
                    String length = header(headers, "content-length");
                    body = length != null ? readExactly(in, parseLength(length)) : in.readAllBytes();
                }
                List<String[]> relayed = new ArrayList<>();
                for (String[] header : headers) {
                    if (!NOT_FORWARDED.contains(header[0].toLowerCase(Locale.ROOT))) {
                        relayed.add(header);
                    }
                }
                return new Response(status, reason, relayed, body, bodyless);
            }
        }
    }

    private void record(Request request, String host, int port, String path, int status) {
        countsByPath.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        forwarded.add(new Forwarded(request.method, host, port, path, request.framing, request.body.length, status));
    }

    private static void writeResponse(OutputStream out, int status, String reason, List<String[]> headers,
                                      byte[] body, boolean close, boolean bodyless) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        for (String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        if (!bodyless || body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!bodyless) {
            out.write(body);
        }
        out.flush();
    }

    // --- parsing ---------------------------------------------------------------------------------------------

    /** {@code framing}: how the body came, {@code none}, {@code length} or {@code chunked}. */
    private record Request(String method, String target, String version, List<String[]> headers, byte[] body,
                           String framing) {
        boolean wantsClose() {
            String connection = header(headers, "connection");
            String proxyConnection = header(headers, "proxy-connection");
            if (version.equals("HTTP/1.0")) {
                return !"keep-alive".equalsIgnoreCase(connection) && !"keep-alive".equalsIgnoreCase(proxyConnection);
            }
            return "close".equalsIgnoreCase(connection) || "close".equalsIgnoreCase(proxyConnection);
        }
    }

    private record Response(int status, String reason, List<String[]> headers, byte[] body, boolean bodyless) {
    }

    private static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** The next request on the connection, or null when the client closed it cleanly before one. */
    private static Request readRequest(InputStream in, OutputStream out) throws IOException {
        String requestLine = readLine(in);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in); // tolerate stray CRLF between requests (RFC 9112 2.2)
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest("malformed request line: " + requestLine);
        }
        List<String[]> headers = readHeaders(in);
        String method = parts[0];
        if ("100-continue".equalsIgnoreCase(header(headers, "expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body;
        String framing;
        if (isChunked(headers)) {
            body = readChunked(in);
            framing = "chunked";
        } else {
            String length = header(headers, "content-length");
            framing = length == null ? "none" : "length";
            body = length == null ? new byte[0] : readExactly(in, parseLength(length));
        }
        return new Request(method, parts[1], parts[2], headers, body, framing);
    }

    private static List<String[]> readHeaders(InputStream in) throws IOException {
        List<String[]> headers = new ArrayList<>();
        int total = 0;
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new EOFException("connection closed inside the header section");
            }
            if (line.isEmpty()) {
                return headers;
            }
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new BadRequest("header section too large");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest("malformed header line: " + line);
            }
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
    }

    private static String header(List<String[]> headers, String lowerCaseName) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(lowerCaseName)) {
                return header[1];
            }
        }
        return null;
    }

    private static boolean isChunked(List<String[]> headers) {
        String te = header(headers, "transfer-encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static int parseLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0 || n > MAX_BODY_BYTES) {
                throw new BadRequest("unsupported Content-Length " + value);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new BadRequest("malformed Content-Length " + value);
        }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new EOFException("connection closed inside a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new BadRequest("malformed chunk size " + sizeLine);
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY_BYTES) {
                throw new BadRequest("chunked body too large");
            }
            if (size == 0) {
                readHeaders(in); // trailers, dropped
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            String end = readLine(in);
            if (end == null || !end.isEmpty()) {
                throw new BadRequest("chunk not followed by CRLF");
            }
        }
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("expected " + n + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** A line ending in CRLF (or LF), without it; null at end of stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_HEADER_BYTES) {
                throw new BadRequest("line too long");
            }
            line.write(b);
        }
        if (line.size() == 0) {
            return null;
        }
        throw new EOFException("connection closed inside a line");
    }

    private static final List<String[]> TEXT = List.<String[]>of(new String[] {"Content-Type", "text/plain; charset=utf-8"});

    private static byte[] text(String message) {
        return (message + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
