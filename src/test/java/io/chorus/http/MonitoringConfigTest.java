package io.chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.app.ChorusApp;
import io.chorus.app.Dependencies;
import io.chorus.llm.stub.StubLlmServer;
import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.http.DashboardFixture.Author;
import io.chorus.serde.Json;
import io.chorus.testing.TopicReader;
import io.chorus.config.TopicId;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the shipped monitoring files match what Chorus exports: every metric named in the Prometheus alert rules
 * ({@code config/prometheus/}) and in the Grafana dashboard ({@code config/grafana/}) appears in a real scrape of
 * {@code /metrics} from a running instance that has scored posts with a (stub) model, had one model call fail and
 * dead-lettered a bad record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MonitoringConfigTest {

    /** Prometheus metric names as they appear in PromQL: a name followed by a selector, a range or a closing bracket. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:chorus|kafka)_[a-zA-Z0-9_]+)\\b");

    private StubLlmServer stub;
    private Dependencies dependencies;
    private ChorusApp app;
    private Producer<byte[], byte[]> producer;
    private Set<String> exported;

    @BeforeAll
    void scrapeARunningInstance() throws Exception {
        stub = StubLlmServer.builder().port(0).start();
        stub.failNext(1, StubLlmServer.Fault.BAD_REQUEST); // one model failure, so the failure counter exists
        ChorusConfig config = DashboardFixture.config(Map.of(ChorusConfig.GENERATION_ENABLED, false, ChorusConfig.SENTIMENT_SCORER, "llm",
                ChorusConfig.LLM_BASE_URL, stub.baseUrl(), ChorusConfig.LLM_MODEL, "stub-model", ChorusConfig.LLM_API_KEY, "sk-test"));
        Topics topics = Topics.from(config);
        dependencies = Dependencies.open(config);
        app = ChorusApp.start(config, dependencies.deps(), true, dependencies.registry());
        producer = FeedProducer.producer(config.kafkaClientProps());
        app.awaitRunning(Duration.ofSeconds(90));
        List<Author> authors = DashboardFixture.authors(1);
        DashboardFixture.produceProfiles(producer, topics, authors);
        DashboardFixture.producePosts(producer, topics, authors, 2, Instant.now().truncatedTo(ChronoUnit.MINUTES), "m");
        FeedProducer.produceOne(producer, topics.posts.name(), "u", "not json".getBytes(StandardCharsets.UTF_8));
        producer.flush();
        await("two dead letters: the bad record and the failed model call").atMost(Duration.ofSeconds(120))
                .until(() -> TopicReader.readAll(config.bootstrapServers(), topics.name(TopicId.DLQ)).size() >= 2);
        String base = app.httpUrl();
        await("Kafka Streams metrics bound").atMost(Duration.ofSeconds(90)).until(() ->
                DashboardFixture.get(base + "metrics", (String) null).body().contains("kafka_chorus_listening_alerts_open"));
        String scrape = DashboardFixture.get(base + "metrics", (String) null).body();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);
        exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (app != null) {
            app.close();
        }
        if (dependencies != null) {
            dependencies.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    private static Set<String> metricsIn(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private void assertExported(String source, Set<String> names) {
        assertThat(names).as("%s names metrics", source).isNotEmpty();
        for (String name : names) {
            String base = name.replaceAll("_(bucket|count|sum)$", "");
            assertThat(exported.contains(name) || exported.contains(base + "_bucket") || exported.contains(base + "_count"))
                    .as("%s uses %s, which Chorus exports (see target/metrics-scrape.txt)", source, name).isTrue();
        }
    }

    @Test
    void everyMetricInTheAlertRulesIsExported() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("config/prometheus"))) {
            for (Path rules : files.filter(p -> p.getFileName().toString().endsWith("rules.yml")).toList()) {
                StringBuilder exprs = new StringBuilder();
                for (String line : Files.readAllLines(rules)) {
                    if (line.trim().startsWith("expr:")) {
                        exprs.append(line).append('\n');
                    }
                }
                assertExported(rules.toString(), metricsIn(exprs.toString()));
            }
        }
    }

    @Test
    void everyQueryOfTheGrafanaDashboardNamesAnExportedMetric() throws Exception {
        JsonNode dashboard = Json.mapper().readTree(Path.of("config/grafana/chorus-dashboard.json").toFile());
        assertThat(dashboard.path("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertExported("panel '" + panel.path("title").asText() + "'", metricsIn(expr));
            }
        }
    }
}
