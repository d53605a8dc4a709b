/*
 * ModelServer: one loaded model behind JSON over HTTP, on the JDK's own server (com.sun.net.httpserver).
 *
 *   GET  /health        {"status": "ok"}
 *   GET  /info          the model and the server's limits (Endpoints.info)
 *   POST /score         sentence scores, as `rnnlm4j score --json`
 *   POST /score/tokens  the same with each token's score
 *   POST /next          the most probable next tokens after a prefix
 *   POST /generate      samples or beam search results, as `rnnlm4j generate --json`
 *
 * Threads: connection threads (4 x workers) read a request, check it (Endpoints.prepare*) and wait;
 * `threads` worker threads compute — so at most that many requests use the CPU at once, each on
 * its worker's own network buffers (Rnnlm keeps one per thread), all reading one immutable model.
 * GET /health and /info are answered on the connection thread, even when every worker is busy.
 *
 * Deadline: timeoutSeconds after a request arrived (counted from when the server took it off its
 * connection, so time waiting for a connection thread counts). Past it the answer is 503 if the work
 * never started (the server is overloaded) or 504 if it was running (or finished, but only after the
 * deadline); running work is interrupted and stops at its next sentence (score) or token (generate,
 * via Hypothesis) — the worker is freed soon.
 *
 * Errors are {"error": "one line: what was wrong and what to do"} with 400 (malformed JSON, wrong
 * types, unknown fields, bad values, text the model cannot read), 404 (unknown path), 405 (wrong
 * method, with Allow), 413 (body, sentences, tokens, count, length or beam beyond the limits),
 * 503/504 (above), 500 (a bug: logged to stderr with its stack trace). A bad request costs only
 * itself: the server keeps serving.
 *
 * stop(grace): refuse new requests (503 on open connections), let those in flight finish for up to
 * grace, then close. Not here: TLS, authentication, CORS — put a proxy in front for those.
 */
package org.rnnlm4j.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.rnnlm4j.Rnnlm;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.Json;

public final class ModelServer implements AutoCloseable {
    /** One endpoint: its method, its body's fields (null: no body), whether it runs on a worker, its work. */
    private record Route(String method, Set<String> fields, boolean compute, Function<JsonBody, Callable<Object>> work) {
    }

    private final ServeConfig config;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final HttpServer http;
    private final ExecutorService connections;
    private final ExecutorService workers;
    private final ThreadLocal<Long> arrival = new ThreadLocal<>();
    private final long timeoutNanos;
    private volatile boolean stopping;

    private ModelServer(Rnnlm lm, ServeConfig config) throws IOException {
        this.config = config;
        this.timeoutNanos = (long) (config.timeoutSeconds() * 1e9);
        Endpoints e = new Endpoints(lm, config);
        routes.put("/health", new Route("GET", null, false, b -> () -> Map.of("status", "ok")));
        routes.put("/info", new Route("GET", null, false, b -> e::info));
        routes.put("/score", new Route("POST", Endpoints.SCORE_FIELDS, true, b -> e.prepareScore(b, false)));
        routes.put("/score/tokens", new Route("POST", Endpoints.SCORE_TOKENS_FIELDS, true, b -> e.prepareScore(b, true)));
        routes.put("/next", new Route("POST", Endpoints.NEXT_FIELDS, true, e::prepareNext));
        routes.put("/generate", new Route("POST", Endpoints.GENERATE_FIELDS, true, e::prepareGenerate));
        this.workers = Executors.newFixedThreadPool(config.threads(), named("rnnlm4j-worker-"));
        this.connections = Executors.newFixedThreadPool(4 * config.threads(), named("rnnlm4j-http-"));
        this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
        http.createContext("/", this::handle);
        http.setExecutor(r -> {
            long t = System.nanoTime();
            connections.execute(() -> {
                arrival.set(t);
                r.run();
            });
        });
    }

    /** Starts serving lm as config says; a one-line RnnlmException when the address cannot be used. */
    public static ModelServer start(Rnnlm lm, ServeConfig config) {
        String where = config.host() + ":" + config.port();
        ModelServer s;
        try {
            s = new ModelServer(lm, config);
        } catch (BindException e) {
            throw new RnnlmException("cannot listen on " + where + ": " + e.getMessage()
                    + " (is another server using the port? pick another --port, or 0 for a free one)");
        } catch (IOException | IllegalArgumentException e) {
            throw new RnnlmException("cannot listen on " + where + ": " + e.getMessage() + " (check --host and --port)");
        }
        s.http.start();
        return s;
    }

    /** The port listened on (the chosen one when the config said 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** http://host:port/ */
    public URI url() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + h + ":" + port() + "/");
    }

    /** Stops accepting, lets requests in flight finish for up to graceSeconds, then closes everything. */
    public void stop(int graceSeconds) {
        stopping = true;
        http.stop(graceSeconds);
        connections.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** stop(0): whatever is in flight is cut off. */
    @Override
    public void close() {
        stop(0);
    }

    private void handle(HttpExchange ex) {
        long deadline = (arrival.get() != null ? arrival.get() : System.nanoTime()) + timeoutNanos;
        String path = ex.getRequestURI().getPath();
        int status = 200;
        Object answer;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            answer = answer(ex, path, deadline, headers);
        } catch (HttpError e) {
            status = e.status();
            answer = Map.of("error", e.getMessage());
        } catch (RnnlmException e) {
            status = HttpError.BAD_REQUEST;
            answer = Map.of("error", e.getMessage());
        } catch (RuntimeException | Error e) {
            System.err.println("rnnlm4j serve: internal error on " + ex.getRequestMethod() + " " + path + ":");
            e.printStackTrace();
            status = 500;
            answer = Map.of("error", "internal error (" + e.getClass().getSimpleName() + "): this is a bug; the server log has the details");
        }
        try {
            respond(ex, status, answer, headers);
        } catch (IOException e) {
            // the client went away; nothing to tell it
        } finally {
            ex.close();
        }
    }

    private Object answer(HttpExchange ex, String path, long deadline, Map<String, String> headers) {
        Route r = routes.get(path);
        String method = ex.getRequestMethod();
        if (r == null) {
            throw new HttpError(HttpError.NOT_FOUND, "no endpoint " + method + " " + path + "; the endpoints are " + list());
        }
        if (!r.method().equals(method)) {
            headers.put("Allow", r.method());
            throw new HttpError(HttpError.METHOD_NOT_ALLOWED, path + " takes " + r.method() + ", not " + method
                    + (r.method().equals("POST") ? ": send a JSON object as the body" : ""));
        }
        if (stopping) {
            throw new HttpError(HttpError.UNAVAILABLE, "the server is shutting down: retry with another instance");
        }
        JsonBody body = r.fields() == null ? null : JsonBody.parse(readBody(ex), method + " " + path, r.fields());
        Callable<Object> work = r.work().apply(body);
        return r.compute() ? runBefore(work, deadline) : call(work);
    }

    private String list() {
        StringBuilder sb = new StringBuilder();
        routes.forEach((p, r) -> sb.append(sb.length() == 0 ? "" : ", ").append(r.method()).append(' ').append(p));
        return sb.toString();
    }

    private byte[] readBody(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        String tooLarge = "the request body is larger than this server's limit of " + config.maxBodyBytes()
                + " bytes (--max-body): send less per request";
        try {
            if (length != null && Long.parseLong(length.trim()) > config.maxBodyBytes()) {
                throw HttpError.tooLarge(tooLarge);
            }
        } catch (NumberFormatException e) {
            throw HttpError.bad("Content-Length " + length + " is not a number");
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(config.maxBodyBytes() + 1);
            if (b.length > config.maxBodyBytes()) {
                throw HttpError.tooLarge(tooLarge);
            }
            return b;
        } catch (IOException e) {
            throw HttpError.bad("could not read the request body: " + e.getMessage());
        }
    }

    /** Runs work on a worker and waits for it until the deadline (see the class comment). */
    private Object runBefore(Callable<Object> work, long deadline) {
        AtomicBoolean started = new AtomicBoolean();
        Future<Object> f;
        try {
            f = workers.submit(() -> {
                started.set(true);
                return work.call();
            });
        } catch (RejectedExecutionException e) {
            throw new HttpError(HttpError.UNAVAILABLE, "the server is shutting down: retry with another instance");
        }
        try {
            Object answer = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (System.nanoTime() - deadline > 0) {
                // done, but after the deadline: this thread was descheduled while the worker ran (a
                // busy machine); the limit holds for the answer, not only for the wait
                throw pastDeadline(true);
            }
            return answer;
        } catch (TimeoutException | InterruptedException e) {
            f.cancel(true);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw pastDeadline(started.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException) {   // a worker interrupted by stop()
                throw new HttpError(HttpError.UNAVAILABLE, "the server is shutting down: retry with another instance");
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** 504 for work that started (it ran too long), 503 for work still queued at the deadline. */
    private HttpError pastDeadline(boolean started) {
        return started
                ? new HttpError(HttpError.TIMEOUT, "the request took longer than this server's limit of " + config.timeoutSeconds()
                        + " s (--timeout) and was stopped: ask for less work per request")
                : new HttpError(HttpError.UNAVAILABLE, "the server is busy: the request waited " + config.timeoutSeconds()
                        + " s (--timeout) without starting; retry later or send fewer requests at once");
    }

    private static Object call(Callable<Object> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange ex, int status, Object answer, Map<String, String> headers) throws IOException {
        byte[] bytes = (Json.write(answer) + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
