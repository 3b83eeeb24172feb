package io.chorus.http;

import io.chorus.config.ChorusConfig;
import io.chorus.media.MediaStage;
import io.chorus.media.MediaStore;
import io.chorus.serde.Json;
import io.chorus.topics.Topics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API and dashboard of one instance (Javalin on Jetty). Every instance serves the same answers: sentiment
 * queries for keys held elsewhere are fetched from the owning instance (see {@link SentimentQueries}).
 *
 * <p>Lifecycle, as {@code ChorusApp} drives it: {@link #start()} binds first (so the advertised address can go into
 * Kafka Streams' {@code application.server}), {@link #attach} hands over the streams instance before it starts,
 * {@link #close()} stops the server, the live-feed consumer and the instance-to-instance client.
 *
 * <p><b>Security model.</b> With {@code http.token} set, every {@code /api/*} and {@code /metrics} request needs
 * {@code Authorization: Bearer <token>} (compared in constant time; 401 otherwise). The page and its assets load
 * without it; the page then sends the token it was given: {@code /#token=<token>} (a fragment, which the browser
 * never sends to a server or in a {@code Referer}) or a prompt, kept in sessionStorage. A page address with the token
 * in its query is refused (400), since a query ends up in logs and history. Without a token:
 * <ul>
 *   <li>the server binds only to a loopback address; any other {@code http.bind} fails at start-up
 *       ({@link #checkBind}), unless {@code http.allow.unauthenticated.bind=true} says the port is published on
 *       loopback only (a container);</li>
 *   <li>every request's {@code Host} must be a loopback name or address, or {@code http.advertised.host} (403
 *       otherwise), so a web page elsewhere cannot reach the API through DNS rebinding.</li>
 * </ul>
 * Every response carries {@code Referrer-Policy: no-referrer}. A 500 never shows the exception: it is logged with an
 * error id, and the answer carries only that id.
 */
public final class ChorusHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChorusHttpServer.class);
    private static final int FEED_BUFFER = 50;
    private static final int MAX_LIMIT = 200;
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");
    /** The page may load nothing from anywhere else: no CDN, no fonts, no third-party requests. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "media-src blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Media is only ever displayed: a response that a browser opened as a document could run nothing. */
    private static final String MEDIA_CSP = "default-src 'none'; sandbox";

    private final ChorusConfig config;
    private final PrometheusMeterRegistry registry;
    private final byte[] expectedAuth;
    private final String token;
    private final Map<String, byte[]> assets;
    private final MediaStore media;
    private volatile Set<String> allowedHosts = Set.of();
    private Javalin app;
    private int port = -1;
    private volatile KafkaStreams streams;
    private volatile SentimentQueries queries;
    private volatile BehaviorQueries behaviorQueries;
    private volatile ListeningQueries listeningQueries;
    private volatile LiveFeed feed;
    private ExecutorService httpClientExecutor;
    private HttpClient httpClient;

    public ChorusHttpServer(ChorusConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        Password password = config.getPassword(ChorusConfig.HTTP_TOKEN);
        this.token = password == null || password.value() == null || password.value().isBlank() ? null : password.value();
        this.expectedAuth = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.assets = loadAssets();
        this.media = MediaStage.store(config);
        checkBind(config, token != null);
    }

    /**
     * Refuses to serve an unauthenticated API on anything but loopback: a non-loopback {@code http.bind} needs
     * {@code http.token}, or {@code http.allow.unauthenticated.bind=true}.
     *
     * @throws ConfigException naming {@code http.bind} and what to set
     */
    static void checkBind(ChorusConfig config, boolean hasToken) {
        String bind = config.getString(ChorusConfig.HTTP_BIND);
        if (hasToken || config.getBoolean(ChorusConfig.HTTP_ALLOW_UNAUTHENTICATED_BIND) || isLoopback(bind)) {
            return;
        }
        throw new ConfigException(ChorusConfig.HTTP_BIND, bind, "the HTTP API would be reachable beyond this machine without a "
                + "token. Set " + ChorusConfig.HTTP_TOKEN + " (better: the CHORUS_HTTP_TOKEN environment variable), or bind to "
                + "127.0.0.1, or, for a container whose port is published on the host's loopback only, set "
                + ChorusConfig.HTTP_ALLOW_UNAUTHENTICATED_BIND + "=true");
    }

    /** True for a loopback address or a name that resolves to one; the wildcard and unknown names are not loopback. */
    static boolean isLoopback(String bind) {
        if (bind == null || bind.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(bind.strip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * True when a {@code Host} header names this server in a way no other site can: a loopback name or address, or
     * one of {@code allowed} (the advertised host, a specific bind address).
     */
    static boolean isAllowedHost(String hostHeader, Set<String> allowed) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = h.substring(1, end);
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")
                || LOOPBACK_V4.matcher(name).matches()) {
            return true;
        }
        return allowed.contains(name);
    }

    /** Binds the server (http.bind, http.port; 0 picks a free port) and returns the bound port. */
    public synchronized int start() {
        if (app != null) {
            return port;
        }
        Javalin javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
        });
        allowedHosts = hostsNamingThisServer();
        routes(javalin);
        javalin.start(config.getString(ChorusConfig.HTTP_BIND), config.getInt(ChorusConfig.HTTP_PORT));
        app = javalin;
        port = javalin.port();
        LOG.info("HTTP API and dashboard on http://{}:{}/ (advertised as {}){}", config.getString(ChorusConfig.HTTP_BIND), port,
                advertisedHostPort(), token == null ? "" : ", bearer token required");
        return port;
    }

    /** host:port other instances use to reach this one (http.advertised.host, else the bind address). */
    public String advertisedHostPort() {
        if (port < 0) {
            throw new IllegalStateException("start() the HTTP server before asking for its address");
        }
        return advertisedHost() + ":" + port;
    }

    /** The advertised host and a specific bind address, lower case: the names besides loopback a Host header may use. */
    private Set<String> hostsNamingThisServer() {
        Set<String> hosts = new HashSet<>();
        hosts.add(advertisedHost().toLowerCase(Locale.ROOT));
        String bind = config.getString(ChorusConfig.HTTP_BIND).strip().toLowerCase(Locale.ROOT);
        if (!bind.isEmpty() && !bind.equals("0.0.0.0") && !bind.equals("::")) {
            hosts.add(bind.startsWith("[") && bind.endsWith("]") ? bind.substring(1, bind.length() - 1) : bind);
        }
        return Set.copyOf(hosts);
    }

    private String advertisedHost() {
        String advertised = config.getString(ChorusConfig.HTTP_ADVERTISED_HOST);
        if (!advertised.isBlank()) {
            return advertised;
        }
        String bind = config.getString(ChorusConfig.HTTP_BIND);
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.isBlank()) {
            try {
                return InetAddress.getLocalHost().getHostName(); // set http.advertised.host when this is not reachable
            } catch (UnknownHostException e) {
                return "127.0.0.1";
            }
        }
        return bind;
    }

    /** Gives the server the running instance: stores for queries, state for health, topics for the live feed. */
    public synchronized void attach(KafkaStreams streams, Topics topics) {
        if (port < 0) {
            throw new IllegalStateException("start() the HTTP server before attaching Kafka Streams");
        }
        this.httpClientExecutor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "chorus-http-client");
            t.setDaemon(true);
            return t;
        });
        this.httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).executor(httpClientExecutor).build();
        InstanceRouter router = new InstanceRouter(streams, new HostInfo(advertisedHost(), port), httpClient, token, REMOTE_TIMEOUT);
        this.queries = new SentimentQueries(router, config.getList(ChorusConfig.STATS_WINDOWS));
        this.behaviorQueries = new BehaviorQueries(router);
        this.listeningQueries = new ListeningQueries(router);
        LiveFeed liveFeed = new LiveFeed(config.kafkaClientProps(), topics, FEED_BUFFER,
                config.getInt(ChorusConfig.HTTP_FEED_CLIENT_BUFFER), registry);
        liveFeed.start();
        this.feed = liveFeed;
        this.streams = streams;
    }

    private void routes(Javalin javalin) {
        Counter.Builder requests = Counter.builder("chorus.http.requests").description("HTTP API requests by route and status");
        javalin.before(ctx -> ctx.header("Referrer-Policy", "no-referrer"));
        javalin.before(this::checkHost);
        javalin.before("/api/*", this::authorize);
        javalin.before("/metrics", this::authorize);
        javalin.after(ctx -> {
            String route;
            try {
                route = ctx.endpointHandlerPath();
            } catch (RuntimeException e) {
                return; // no endpoint matched (404)
            }
            if (route.startsWith("/api") || route.equals("/metrics")) {
                requests.tags("route", route, "status", String.valueOf(ctx.statusCode())).register(registry).increment();
            }
        });
        javalin.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("error", e.getMessage())));
        javalin.exception(Exception.class, (e, ctx) -> {
            // The exception may carry internals (paths, hosts, record contents): it goes to the log only, under an id.
            String errorId = UUID.randomUUID().toString().substring(0, 13);
            LOG.error("HTTP {} {} failed (error id {}): {}", ctx.method(), ctx.path(), errorId, e.toString(), e);
            ctx.status(500).json(Map.of("error", "internal error; this instance's log has the details under error id " + errorId,
                    "errorId", errorId));
        });
        javalin.error(404, ctx -> {
            if (ctx.path().startsWith("/api/") && ctx.result() == null) { // an endpoint's own 404 keeps its message
                ctx.json(Map.of("error", "no such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });

        ASSETS.keySet().forEach(path -> javalin.get(path, this::asset));
        javalin.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        javalin.get("/api/health", ctx -> ctx.json(health()));
        javalin.get("/api/media/{hash}", this::media);
        javalin.get("/api/ready", ctx -> {
            Map<String, Object> health = health();
            ctx.status("RUNNING".equals(health.get("state")) ? 200 : 503).json(health);
        });
        javalin.get("/api/communities", ctx -> ctx.json(queries().communities()));
        javalin.get("/api/communities/{id}/sentiment", ctx -> {
            SentimentQueries q = queries();
            Range r = range(ctx, q);
            ctx.json(q.community(ctx.pathParam("id"), r.window, r.from, r.to));
        });
        javalin.get("/api/sentiment", ctx -> {
            SentimentQueries q = queries();
            Range r = range(ctx, q);
            ctx.json(q.all(r.window, r.from, r.to));
        });
        javalin.get("/api/sentiment/span", ctx -> ctx.json(queries().span(ctx.queryParam("window"))));
        javalin.get("/api/content/latest", ctx -> {
            int limit = intParam(ctx, "limit", 20, 1, MAX_LIMIT);
            LiveFeed f = feed();
            ctx.json(Map.of("content", f.latest(LiveFeed.CONTENT, limit), "scored", f.latest(LiveFeed.SCORED, limit)));
        });
        javalin.sse("/api/feed", client -> feed().connect(client));
        javalin.get("/api/profiles/{userId}/behavior", ctx -> ctx.json(behaviorQueries().profile(ctx.pathParam("userId"))));
        javalin.get("/api/alerts", ctx -> {
            String status = ctx.queryParam("status");
            if (status != null && !status.equals("open") && !status.equals("all")) {
                throw ApiError.badParameter("status", "is open or all");
            }
            ctx.json(listeningQueries().alerts(!"all".equals(status), ctx.queryParam("community")));
        });
        javalin.get("/api/campaigns/outcomes", ctx -> {
            if (!config.getBoolean(ChorusConfig.GENERATION_ENABLED)) {
                throw new ApiError(404, "campaign generation is off in this deployment (generation.enabled=false)");
            }
            ctx.json(listeningQueries().outcomes(ctx.queryParam("campaign")));
        });
        javalin.get("/api/trends", ctx -> {
            String community = ctx.queryParam("community");
            if (community == null || community.isBlank()) {
                throw ApiError.badParameter("community", "is required (a community id, or 'all')");
            }
            String window = ctx.queryParam("window");
            Instant windowStart;
            try {
                windowStart = window == null || window.isBlank() ? null : Instant.parse(window);
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiError.badParameter("window", "is the window's start as an ISO-8601 instant, e.g. 2026-11-01T08:00:00Z");
            }
            ctx.json(listeningQueries().trends(community, windowStart));
        });

        // Instance-to-instance: answered from local state only, never forwarded again.
        javalin.get("/api/internal/communities/{id}/sentiment", ctx -> {
            SentimentQueries q = queries();
            Range r = range(ctx, q);
            ctx.json(q.localCommunity(ctx.pathParam("id"), r.window, r.from, r.to));
        });
        javalin.get("/api/internal/sentiment", ctx -> {
            SentimentQueries q = queries();
            Range r = range(ctx, q);
            if (r.from == null || r.to == null) {
                throw ApiError.badParameter(r.from == null ? "from" : "to", "required on internal calls");
            }
            ctx.json(q.localAll(r.window, r.from, r.to));
        });
        javalin.get("/api/internal/alerts", ctx -> ctx.json(listeningQueries().localAlerts()));
        javalin.get("/api/internal/campaigns/outcomes", ctx -> ctx.json(listeningQueries().localOutcomes()));
        javalin.get("/api/internal/trends/{community}", ctx -> ctx.json(listeningQueries().localTrends(ctx.pathParam("community"))));
        javalin.get("/api/internal/profiles/{userId}/behavior", ctx -> ctx.json(behaviorQueries().local(ctx.pathParam("userId"))));
        javalin.get("/api/internal/sentiment/span", ctx -> {
            SentimentQueries q = queries();
            ctx.json(q.localSpan(q.checkWindow(ctx.queryParam("window"))));
        });
        javalin.get("/api/internal/sentiment/latest", ctx -> {
            SentimentQueries q = queries();
            ctx.json(q.localLatest(q.checkWindow(ctx.queryParam("window"))));
        });
    }

    /** With no token, only requests that name this server by a loopback or configured name are served (DNS rebinding). */
    private void checkHost(Context ctx) {
        if (token != null) {
            return;
        }
        String host = ctx.header("Host");
        if (host != null && !isAllowedHost(host, allowedHosts)) {
            throw new ApiError(403, "Host '" + host + "' is not served: with no " + ChorusConfig.HTTP_TOKEN + " set, requests must name "
                    + "this server by a loopback name or address, or by " + ChorusConfig.HTTP_ADVERTISED_HOST
                    + " (this protects the API from DNS rebinding); set " + ChorusConfig.HTTP_TOKEN + " or " + ChorusConfig.HTTP_ADVERTISED_HOST);
        }
    }

    private void authorize(Context ctx) {
        if (expectedAuth == null) {
            return;
        }
        String header = ctx.header("Authorization");
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expectedAuth, given)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"chorus\"");
            throw new ApiError(401, header == null ? "missing 'Authorization: Bearer <token>' (http.token is set)"
                    : "wrong bearer token");
        }
    }

    private Map<String, Object> health() {
        KafkaStreams s = streams;
        LiveFeed f = feed;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", s == null ? "NOT_ATTACHED" : s.state().name());
        out.put("instance", port < 0 ? null : advertisedHostPort());
        out.put("feed", f != null && f.live() ? "LIVE" : "STARTING");
        out.put("feedClients", f == null ? 0 : f.clientCount());
        out.put("windows", config.getList(ChorusConfig.STATS_WINDOWS));
        out.put("time", Instant.now());
        return out;
    }

    /**
     * A stored image or audio file by its SHA-256 (the {@code sha256} of a record's media reference), under the same
     * token rules as the rest of the API. The type is the one sniffed from the bytes when they were stored; the file
     * never changes (its name is its hash), so browsers may cache it for good.
     */
    private void media(Context ctx) throws IOException {
        String hash = ctx.pathParam("hash");
        if (!MediaStore.isHash(hash)) {
            throw new ApiError(400, "a media id is the 64 lower-case hex digits of the file's SHA-256 (a media reference's sha256)");
        }
        MediaStore.Stored stored = media.find(hash).orElseThrow(() -> new ApiError(404, "no media " + hash + " in this instance's "
                + "media store (" + ChorusConfig.MEDIA_DIR + "); instances that share the work must share one media volume"));
        ctx.header("Content-Security-Policy", MEDIA_CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "private, max-age=31536000, immutable");
        ctx.header("Content-Disposition", "inline; filename=\"" + hash + "." + stored.format().extension() + "\"");
        ctx.contentType(stored.format().mimeType()).result(java.nio.file.Files.readAllBytes(stored.path()));
    }

    private void asset(Context ctx) {
        if (ctx.queryParam("token") != null) {
            // A query reaches server and proxy logs, history and Referer headers; a fragment stays in the browser.
            ctx.header("Cache-Control", "no-store");
            ctx.status(400).contentType("text/plain; charset=utf-8").result("Do not put the token in the page address's query: "
                    + "it ends up in logs and history. Open " + ctx.path() + "#token=<token> instead (a fragment stays in the browser).\n");
            return;
        }
        String name = ASSETS.get(ctx.path());
        byte[] body = assets.get(name);
        String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(type).result(body);
    }

    private static Map<String, byte[]> loadAssets() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : List.of("index.html", "app.js", "style.css")) {
            try (InputStream in = ChorusHttpServer.class.getResourceAsStream("/web/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("web/" + name + " is missing from the jar");
                }
                out.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private SentimentQueries queries() {
        SentimentQueries q = queries;
        if (q == null) {
            throw ApiError.unavailable("Kafka Streams is not attached yet; retry shortly");
        }
        return q;
    }

    /** The alert and trend queries; 404 when social listening is off in this deployment. */
    private ListeningQueries listeningQueries() {
        if (!config.getBoolean(ChorusConfig.LISTENING_ENABLED) || !config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED)) {
            throw new ApiError(404, "social listening is off in this deployment (listening.enabled and communities.enabled must be true)");
        }
        ListeningQueries q = listeningQueries;
        if (q == null) {
            throw ApiError.unavailable("Kafka Streams is not attached yet; retry shortly");
        }
        return q;
    }

    /** The behavior queries; 404 when this deployment builds no behavioral profiles. */
    private BehaviorQueries behaviorQueries() {
        if (!config.getBoolean(ChorusConfig.BEHAVIOR_ENABLED) || !config.getBoolean(ChorusConfig.COMMUNITIES_ENABLED)) {
            throw new ApiError(404, "behavioral profiles are off in this deployment (behavior.enabled and communities.enabled must be true)");
        }
        BehaviorQueries q = behaviorQueries;
        if (q == null) {
            throw ApiError.unavailable("Kafka Streams is not attached yet; retry shortly");
        }
        return q;
    }

    private LiveFeed feed() {
        LiveFeed f = feed;
        if (f == null) {
            throw ApiError.unavailable("the live feed is not started yet; retry shortly");
        }
        return f;
    }

    private record Range(String window, Instant from, Instant to) {
    }

    private static Range range(Context ctx, SentimentQueries q) {
        String window = q.checkWindow(ctx.queryParam("window"));
        Instant from = instantParam(ctx, "from");
        Instant to = instantParam(ctx, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiError.badParameter("from", "must not be after 'to' (" + from + " > " + to + ")");
        }
        if (from != null && to != null && Duration.between(from, to).compareTo(SentimentQueries.MAX_RANGE) > 0) {
            throw ApiError.badParameter("from", "the range from 'from' to 'to' may span at most " + SentimentQueries.MAX_RANGE.toDays() + " days");
        }
        return new Range(window, from, to);
    }

    private static Instant instantParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiError.badParameter(name, "'" + v + "' is not an ISO-8601 instant such as 2026-11-01T08:00:00Z");
        }
    }

    private static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw ApiError.badParameter(name, "must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badParameter(name, "'" + v + "' is not a whole number");
        }
    }

    /** Stops the live feed, then the server (open SSE connections are ended), then the instance-to-instance client. */
    @Override
    public synchronized void close() {
        LiveFeed f = feed;
        if (f != null) {
            f.close();
        }
        if (app != null) {
            app.stop();
            app = null;
        }
        if (httpClientExecutor != null) {
            httpClientExecutor.shutdownNow();
            try {
                httpClientExecutor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (httpClient instanceof AutoCloseable closeable) { // Java 21+: also ends the client's selector thread
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the HTTP client: {}", e.toString());
            }
        }
    }
}
