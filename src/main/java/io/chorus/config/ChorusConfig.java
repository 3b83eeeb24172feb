package io.chorus.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * All Chorus settings, declared once (key, type, default, validator, doc) and validated when constructed:
 * a bad value or an unknown key fails fast with a message naming the key. Built at the edge (CLI, tests) and
 * passed in; nothing deeper reads files or the environment.
 *
 * <p>Keys starting with {@value #KAFKA_PREFIX} are passed, without the prefix, to every Kafka client Chorus
 * creates (security, timeouts); keys starting with {@value #STREAMS_PREFIX} go, without the prefix, to Kafka
 * Streams only.
 */
public final class ChorusConfig extends AbstractConfig {

    public static final String KAFKA_PREFIX = "kafka.";
    public static final String STREAMS_PREFIX = "streams.";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String STATE_DIR = "state.dir";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
    public static final String TOPICS_MIN_INSYNC_REPLICAS = "topics.min.insync.replicas";
    public static final String TOPICS_DIR = "topics.dir";
    public static final String TOPIC_OUTPUT_SUFFIX = "topic.output.suffix";
    public static final String INPUT_MAX_TEXT_CHARS = "input.max.text.chars";

    public static final String INPUT_MAX_FUTURE_MS = "input.max.future.ms";
    public static final String INPUT_MAX_RECORD_BYTES = "input.max.record.bytes";
    public static final String INPUT_MAX_FIELD_CHARS = "input.max.field.chars";
    public static final String INPUT_FROM_MS = "input.from.ms";
    public static final String INPUT_UNTIL_MS = "input.until.ms";

    public static final String SENTIMENT_SCORER = "sentiment.scorer";
    public static final String SENTIMENT_MODEL_DIR = "sentiment.model.dir";

    public static final String LLM_BASE_URL = "llm.base.url";
    public static final String LLM_MODEL = "llm.model";
    public static final String LLM_API_KEY = "llm.api.key";
    public static final String LLM_TIMEOUT_MS = "llm.timeout.ms";
    public static final String LLM_TEMPERATURE = "llm.temperature";
    public static final String LLM_SEED = "llm.seed";
    public static final String LLM_MAX_TOKENS = "llm.max.tokens";
    public static final String LLM_REQUESTS_PER_MINUTE = "llm.requests.per.minute";
    public static final String LLM_TOKENS_PER_MINUTE = "llm.tokens.per.minute";
    public static final String LLM_PRICE_INPUT_PER_MTOK = "llm.price.input.per.million.tokens";
    public static final String LLM_PRICE_OUTPUT_PER_MTOK = "llm.price.output.per.million.tokens";

    public static final String ASYNC_CAPACITY = "async.capacity";
    public static final String ASYNC_ORDERING = "async.ordering";
    public static final String ASYNC_MAX_ATTEMPTS = "async.retry.max.attempts";
    public static final String ASYNC_RATE_LIMITED_MAX_MS = "async.retry.rate.limited.max.ms";
    public static final String ASYNC_BATCH_SIZE = "async.batch.size";
    public static final String ASYNC_BATCH_LINGER_MS = "async.batch.linger.ms";
    public static final String ASYNC_BATCH_USES = "async.batch.uses";
    public static final String ASYNC_BACKOFF_INITIAL_MS = "async.retry.backoff.initial.ms";
    public static final String ASYNC_BACKOFF_MAX_MS = "async.retry.backoff.max.ms";
    public static final String ASYNC_EXECUTOR_THREADS = "async.executor.threads";
    public static final String ASYNC_PUNCTUATE_MS = "async.punctuate.interval.ms";
    public static final String ASYNC_MAX_BLOCK_MS = "async.max.block.ms";
    public static final String ASYNC_MAX_PENDING = "async.max.pending";
    public static final String CACHE_MAX_ENTRIES = "cache.max.entries";

    public static final String COMMUNITIES_ENABLED = "communities.enabled";
    public static final String COMMUNITIES_METHOD = "communities.method";
    public static final String COMMUNITIES_THRESHOLD = "communities.threshold";
    public static final String COMMUNITIES_MERGE_THRESHOLD = "communities.merge.threshold";
    public static final String COMMUNITIES_SEEDS_FILE = "communities.seeds.file";
    public static final String COMMUNITIES_BATCH_SIZE = "communities.batch.size";
    public static final String COMMUNITIES_FLUSH_MS = "communities.flush.interval.ms";
    public static final String COMMUNITIES_EMBEDDING = "communities.embedding";
    public static final String COMMUNITIES_DISCOVERY_PROFILES = "communities.discovery.profiles";
    public static final String COMMUNITIES_DISCOVERY_WAIT_MS = "communities.discovery.wait.ms";
    public static final String COMMUNITIES_DISCOVERY_MAX = "communities.discovery.max.communities";
    public static final String ENRICHMENT_REENRICH_ENABLED = "enrichment.reenrich.enabled";
    public static final String ENRICHMENT_REENRICH_MAX_POSTS = "enrichment.reenrich.max.posts";

    public static final String GENERATION_ENABLED = "generation.enabled";
    public static final String GENERATION_MODEL = "generation.model";
    public static final String GENERATION_PROMPTS_DIR = "generation.prompts.dir";
    public static final String GENERATION_RECENT_POSTS = "generation.recent.posts";
    public static final String GENERATION_PERSONA_SOURCES = "generation.persona.sources";
    public static final String GENERATION_MAX_CHARS = "generation.max.chars";
    public static final String GENERATION_TOPIC_BLOCKLIST = "generation.topic.blocklist";

    public static final String MEDIA_DIR = "media.dir";
    public static final String MEDIA_MAX_BYTES = "media.max.bytes";
    public static final String MEDIA_IMAGE_MODEL = "media.image.model";
    public static final String MEDIA_CARD_SIZE = "media.card.size";
    public static final String MEDIA_IMAGE_SIZE = "media.image.size";
    public static final String MEDIA_SPEECH_ENABLED = "media.speech.enabled";
    public static final String LLM_IMAGE_MODEL = "llm.image.model";
    public static final String LLM_SPEECH_MODEL = "llm.speech.model";
    public static final String LLM_SPEECH_VOICE = "llm.speech.voice";

    public static final String BEHAVIOR_ENABLED = "behavior.enabled";
    public static final String BEHAVIOR_FEATURES = "behavior.features";
    public static final String BEHAVIOR_IMAGES_MAX = "behavior.images.max";
    public static final String BEHAVIOR_MODEL = "behavior.model";
    public static final String BEHAVIOR_WINDOW_POSTS = "behavior.window.posts";
    public static final String BEHAVIOR_REFRESH_POSTS = "behavior.refresh.posts";
    public static final String BEHAVIOR_REFRESH_INTERVAL_MS = "behavior.refresh.interval.ms";
    public static final String EMOTIONS_ENABLED = "emotions.enabled";

    public static final String STATS_WINDOWS = "stats.windows";
    public static final String STATS_GRACE_MS = "stats.grace.ms";
    public static final String STATS_BACKFILL_ENABLED = "stats.backfill.enabled";
    public static final String LISTENING_ENABLED = "listening.enabled";
    public static final String LISTENING_WINDOW = "listening.window";
    public static final String LISTENING_LATENESS_MS = "listening.lateness.ms";
    public static final String LISTENING_BASELINE_MIN_WINDOWS = "listening.baseline.min.windows";
    public static final String LISTENING_BASELINE_ALPHA = "listening.baseline.alpha";
    public static final String ALERTS_OVERALL = "alerts.overall";
    public static final String ALERTS_MIN_POSTS = "alerts.min.posts";
    public static final String ALERTS_Z_OPEN = "alerts.z.open";
    public static final String ALERTS_Z_RESOLVE = "alerts.z.resolve";
    public static final String ALERTS_COOLDOWN_WINDOWS = "alerts.cooldown.windows";
    public static final String ALERTS_MAX_OPEN_WINDOWS = "alerts.max.open.windows";
    public static final String TRENDS_TOP = "trends.top";
    public static final String TRENDS_MIN_COUNT = "trends.min.count";
    public static final String TRENDS_MIN_LIFT = "trends.min.lift";
    public static final String TRENDS_SKETCH_SIZE = "trends.sketch.size";

    public static final String HTTP_ENABLED = "http.enabled";
    public static final String HTTP_BIND = "http.bind";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_TOKEN = "http.token";
    public static final String HTTP_ADVERTISED_HOST = "http.advertised.host";
    public static final String HTTP_ALLOW_UNAUTHENTICATED_BIND = "http.allow.unauthenticated.bind";
    public static final String HTTP_FEED_CLIENT_BUFFER = "http.feed.client.buffer";

    private static final ConfigDef DEF = define();

    public ChorusConfig(Map<String, ?> props) {
        super(DEF, checkKnownKeys(props), false);
    }

    /** Defaults only (plus {@code overrides}); convenient for tests and the demo. */
    public static ChorusConfig withOverrides(Map<String, ?> overrides) {
        return new ChorusConfig(overrides);
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEF);
    }

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef()
                .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Kafka bootstrap servers, host:port[,host:port...].")
                .define(APPLICATION_ID, Type.STRING, "chorus", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Kafka Streams application id: instances with the same id share the work; prefix of internal topics.")
                .define(STATE_DIR, Type.STRING, "", Importance.MEDIUM,
                        "Directory for local state stores (RocksDB). Empty: a per-user directory keyed by the Kafka cluster's id, "
                                + "~/.local/state/chorus/<cluster id>, so runs against different clusters never share state. "
                                + "A second instance on the same machine needs its own.")
                .define(PROCESSING_GUARANTEE, Type.STRING, "exactly_once_v2", ValidString.in("exactly_once_v2", "at_least_once"),
                        Importance.MEDIUM, "Kafka Streams processing guarantee.")
                .define(NUM_STREAM_THREADS, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM,
                        "Stream threads per instance.")
                .define(COMMIT_INTERVAL_MS, Type.LONG, 200L, Range.between(10, 60_000), Importance.LOW,
                        "How often Kafka Streams commits (and, with exactly-once, makes output visible).")
                .define(NUM_STANDBY_REPLICAS, Type.INT, 0, Range.between(0, 10), Importance.MEDIUM,
                        "Warm copies of each task's state kept on other instances; a failover then resumes from a copy instead "
                                + "of replaying the changelog. Each costs the state's disk and the changelog read again per copy.")
                .define(TOPICS_REPLICATION_FACTOR, Type.INT, -1, new ReplicationValue(Short.MAX_VALUE), Importance.HIGH,
                        "Replicas of every topic Chorus creates: its topics (inputs, outputs, dead letters) and Kafka Streams' "
                                + "internal ones (changelogs, repartitions). -1: 3 on a cluster of three or more brokers, otherwise "
                                + "the broker count (1 on a single broker).")
                .define(TOPICS_MIN_INSYNC_REPLICAS, Type.INT, -1, new ReplicationValue(Short.MAX_VALUE), Importance.HIGH,
                        "min.insync.replicas of those topics: a write (acks=all) succeeds once this many replicas have it. "
                                + "-1: 2 when there are at least three replicas, otherwise 1. Must not exceed the replication factor.")
                .define(TOPICS_DIR, Type.STRING, "", Importance.LOW,
                        "Directory of topic specs; empty means the specs bundled in the jar (copied from topics/).")
                .define(TOPIC_OUTPUT_SUFFIX, Type.STRING, "", Importance.LOW,
                        "Suffix appended to every output topic name (experiments use .exp.NAME); inputs are never renamed.")
                .define(INPUT_MAX_TEXT_CHARS, Type.INT, 10_000, Range.between(1, 1_000_000), Importance.MEDIUM,
                        "Posts with longer text (and profiles with longer bios, image alt texts) go to the dead-letter topic as TOO_LARGE. Counted in Unicode code points; written into the input topics' JSON Schemas as maxLength (topics/*.json).")
                .define(INPUT_MAX_RECORD_BYTES, Type.INT, 262_144, Range.between(1_024, 64 * 1024 * 1024), Importance.MEDIUM,
                        "Input records (posts, profiles, campaigns, follows) larger than this many bytes go to the dead-letter topic as TOO_LARGE, cut to fit; must stay below the producer's max.request.size less 16 KiB, so that every output and dead letter can be sent.")
                .define(INPUT_MAX_FIELD_CHARS, Type.INT, 1_000, Range.between(1, 1_000_000), Importance.LOW,
                        "Short text fields (ids, names, handles, locations, languages, URLs) longer than this go to the dead-letter topic as TOO_LARGE: they are copied into outputs. Counted in Unicode code points; written into the input topics' JSON Schemas as maxLength (topics/*.json).")
                .define(INPUT_MAX_FUTURE_MS, Type.LONG, 3_600_000L, Range.atLeast(0), Importance.LOW,
                        "Posts whose createdAt is further ahead of now go to the dead-letter topic as OUT_OF_RANGE (brokers refuse timestamps more than message.timestamp.after.max.ms ahead, 1 h by default).")
                .define(INPUT_FROM_MS, Type.LONG, -1L, Importance.LOW,
                        "Replays: posts with an event time (createdAt, else the record timestamp) before this epoch-ms are skipped; -1: no bound.")
                .define(INPUT_UNTIL_MS, Type.LONG, -1L, Importance.LOW,
                        "Replays: posts with an event time at or after this epoch-ms are skipped; -1: no bound.")
                .define(SENTIMENT_SCORER, Type.STRING, "ngram", ValidString.in("ngram", "embedding", "vader", "llm", "local"), Importance.HIGH,
                        "ngram: fast trained n-gram model (offline, English); embedding: more accurate e5 embedding model (offline, English, about 100x slower); vader: VADER lexicon and rules (local is its older name); llm: the OpenAI-compatible model below, called asynchronously. See docs/SENTIMENT.md.")
                .define(SENTIMENT_MODEL_DIR, Type.STRING, "", Importance.LOW,
                        "Directory with models written by 'chorus train sentiment'; empty: the models shipped in the jar.")
                .define(LLM_BASE_URL, Type.STRING, "https://api.openai.com/v1", Importance.HIGH,
                        "Base URL of an OpenAI-compatible API, including /v1 (OpenAI, Ollama, vLLM, llama.cpp, LM Studio).")
                .define(LLM_MODEL, Type.STRING, "gpt-4o-mini", Importance.HIGH, "Chat model name.")
                .define(LLM_API_KEY, Type.PASSWORD, null, Importance.HIGH,
                        "API key. Prefer the environment (CHORUS_LLM_API_KEY or OPENAI_API_KEY); never logged.")
                .define(LLM_TIMEOUT_MS, Type.LONG, 30_000L, Range.between(1, 600_000), Importance.MEDIUM,
                        "Timeout of one model call; a timed-out call is retried.")
                .define(LLM_TEMPERATURE, Type.DOUBLE, 0.0, Range.between(0.0, 2.0), Importance.LOW, "Sampling temperature.")
                .define(LLM_SEED, Type.INT, 42, Importance.LOW, "Sampling seed, for reproducible answers where the endpoint supports it.")
                .define(LLM_MAX_TOKENS, Type.INT, 256, Range.between(1, 100_000), Importance.LOW, "Maximum tokens per answer.")
                .define(LLM_REQUESTS_PER_MINUTE, Type.INT, 500, Range.atLeast(1), Importance.MEDIUM,
                        "Requests per minute per endpoint, shared by all tasks of an instance.")
                .define(LLM_TOKENS_PER_MINUTE, Type.INT, 200_000, Range.atLeast(1), Importance.MEDIUM,
                        "Estimated tokens (prompt + answer) per minute per endpoint, shared by all tasks of an instance.")
                .define(LLM_PRICE_INPUT_PER_MTOK, Type.DOUBLE, 0.15, Range.atLeast(0.0), Importance.LOW,
                        "Price in USD per million prompt tokens, for the estimated cost.")
                .define(LLM_PRICE_OUTPUT_PER_MTOK, Type.DOUBLE, 0.60, Range.atLeast(0.0), Importance.LOW,
                        "Price in USD per million answer tokens, for the estimated cost.")
                .define(ASYNC_CAPACITY, Type.INT, 32, Range.between(1, 10_000), Importance.MEDIUM,
                        "In-flight model calls per task; further inputs are saved and wait for a slot (see async.max.pending).")
                .define(ASYNC_ORDERING, Type.STRING, "ORDERED", ValidString.in("ORDERED", "UNORDERED"), Importance.MEDIUM,
                        "ORDERED: results per key leave in input order; UNORDERED: as soon as they finish.")
                .define(ASYNC_MAX_ATTEMPTS, Type.INT, 4, Range.between(1, 100), Importance.MEDIUM,
                        "Attempts per call (first try included) for retriable failures: 5xx, timeouts, connection errors, answers that do not parse. "
                                + "Refusals for the endpoint's rate limit (429) do not count: see async.retry.rate.limited.max.ms.")
                .define(ASYNC_BATCH_SIZE, Type.INT, 1, Range.between(1, 100), Importance.MEDIUM,
                        "Items per model request for the per-item uses in async.batch.uses (1: one item per request). Each item keeps "
                                + "its own cache entry, in-flight record and dead letter; an item the answer leaves out or garbles is asked again alone.")
                .define(ASYNC_BATCH_LINGER_MS, Type.LONG, 25L, Range.between(0, 10_000), Importance.LOW,
                        "How long the first item of a batch waits for others before the batch is sent anyway.")
                .define(ASYNC_BATCH_USES, Type.LIST, "sentiment,emotions", Importance.LOW,
                        "The model uses whose calls are batched when async.batch.size is above 1 (per-post scoring).")
                .define(ASYNC_RATE_LIMITED_MAX_MS, Type.LONG, 300_000L, Range.between(0, 3_600_000), Importance.MEDIUM,
                        "How long a call keeps trying while the endpoint refuses it for its rate limit (429, waiting its Retry-After); "
                                + "past it the call is dead-lettered as MODEL_RETRIES_EXHAUSTED. 0: a 429 counts as one of async.retry.max.attempts.")
                .define(ASYNC_BACKOFF_INITIAL_MS, Type.LONG, 200L, Range.between(0, 600_000), Importance.LOW,
                        "First retry backoff; doubles per attempt, with full jitter.")
                .define(ASYNC_BACKOFF_MAX_MS, Type.LONG, 10_000L, Range.between(0, 600_000), Importance.LOW,
                        "Largest retry backoff.")
                .define(ASYNC_EXECUTOR_THREADS, Type.INT, 16, Range.between(1, 1024), Importance.MEDIUM,
                        "Threads that run blocking model calls, per processor supplier (per use and instance).")
                .define(ASYNC_PUNCTUATE_MS, Type.LONG, 50L, Range.between(1, 60_000), Importance.LOW,
                        "How often finished calls are emitted when no new input arrives (wall-clock punctuator).")
                .define(ASYNC_MAX_BLOCK_MS, Type.LONG, 1_000L, Range.between(1, 3_600_000), Importance.LOW,
                        "Longest time a stream thread waits for model calls between two punctuations, when async.max.pending inputs already wait for a slot; then it accepts more anyway. At most a third of the transaction timeout (exactly-once) or of max.poll.interval.ms, checked at start-up.")
                .define(ASYNC_MAX_PENDING, Type.INT, 10_000, Range.between(0, 1_000_000), Importance.LOW,
                        "Inputs per task saved and waiting for a model call slot before the stream thread starts waiting (bounded by async.max.block.ms) for calls to finish. "
                                + "Each waiting input is held in memory (its record and rendered prompt) and saved in the in-flight store. Waiting is costly: one stream thread serves "
                                + "several tasks, and while it waits for one, the others take no new input.")
                .define(CACHE_MAX_ENTRIES, Type.LONG, 100_000L, Range.atLeast(0), Importance.LOW,
                        "In-memory response cache entries (the persistent layer is the compacted cache topic).")
                .define(COMMUNITIES_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Discover communities from profiles, assign every author, and enrich scored posts with them.")
                .define(COMMUNITIES_METHOD, Type.STRING, "local", ValidString.in("local", "llm"), Importance.MEDIUM,
                        "local: in-process embeddings (communities.embedding), the first batch clustered to discover the communities, then online assignment by a single writer (offline); llm: the model names the communities from the first batch of profiles (llm.* endpoint, off the stream thread), then every profile is assigned to the nearest by embedding similarity.")
                .define(COMMUNITIES_THRESHOLD, Type.DOUBLE, 0.30, Range.between(-1.0, 1.0), Importance.LOW,
                        "Cosine similarity below which a profile founds a new community.")
                .define(COMMUNITIES_MERGE_THRESHOLD, Type.DOUBLE, 0.55, Range.between(-1.0, 2.0), Importance.LOW,
                        "Two communities whose centroids grow closer than this merge (the older id survives); above 1 disables merging.")
                .define(COMMUNITIES_SEEDS_FILE, Type.STRING, "", Importance.LOW,
                        "Operator-defined communities (JSON, see config/communities.json) created first; discovery then only adds. Empty: none.")
                .define(COMMUNITIES_BATCH_SIZE, Type.INT, 64, Range.between(1, 10_000), Importance.LOW,
                        "Profiles embedded together in one model call by the community writer.")
                .define(COMMUNITIES_FLUSH_MS, Type.LONG, 500L, Range.between(1, 600_000), Importance.LOW,
                        "Longest time a profile waits for its batch to fill before it is embedded (wall clock).")
                .define(COMMUNITIES_EMBEDDING, Type.STRING, "e5", ValidString.in("e5", "bge", "minilm"), Importance.LOW,
                        "Embedding model of the local method, in-process and offline: e5 (e5-small-v2, the most accurate on real bios), bge (bge-small-en-v1.5) or minilm (all-MiniLM-L6-v2, the fastest). Saved communities remember their model; changing it needs fresh community state.")
                .define(COMMUNITIES_DISCOVERY_PROFILES, Type.INT, 1000, Range.between(0, 2000), Importance.LOW,
                        "Profiles clustered together to discover the first communities (Ward clustering, number of communities chosen by silhouette, small groups merged); later profiles join the nearest. 0: no discovery, purely online clustering by communities.threshold.")
                .define(COMMUNITIES_DISCOVERY_WAIT_MS, Type.LONG, 1000L, Range.between(1, 3_600_000), Importance.LOW,
                        "Longest time (wall clock) the first batch waits to fill up to communities.discovery.profiles before communities are discovered from what has arrived.")
                .define(COMMUNITIES_DISCOVERY_MAX, Type.INT, 12, Range.between(2, 50), Importance.LOW,
                        "Most communities discovery may find (the stopping rule chooses between 2 and this).")
                .define(ENRICHMENT_REENRICH_ENABLED, Type.BOOLEAN, false, Importance.LOW,
                        "Keep posts enriched as unassigned (author without a community) and write them again to chorus.posts.enriched, with the header chorus.reenriched=true, once the author is assigned. Not fed again into aggregates or generation.")
                .define(ENRICHMENT_REENRICH_MAX_POSTS, Type.INT, 20, Range.between(1, 10_000), Importance.LOW,
                        "Unassigned posts kept per author for re-enrichment (the newest are kept).")
                .define(GENERATION_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Match enriched posts against active campaigns and write replies, posts, captions and narrations (needs communities).")
                .define(GENERATION_MODEL, Type.STRING, "offline", ValidString.in("offline", "llm"), Importance.HIGH,
                        "offline: templates that use the bridge, persona and topic, marked as offline output; llm: the llm.* endpoint, asynchronously.")
                .define(GENERATION_PROMPTS_DIR, Type.STRING, "config/prompts", Importance.LOW,
                        "Directory of the versioned prompt templates of every model prompt (<type>-v<N>.txt: sentiment, emotions, behavior, community-discovery, reply, post, caption, narration, image, image_post); the latest version of each type is used, and a type the directory lacks comes from the copies bundled in the jar.")
                .define(GENERATION_RECENT_POSTS, Type.INT, 5, Range.between(0, 100), Importance.LOW,
                        "How many of the author's latest posts the persona carries.")
                .define(GENERATION_PERSONA_SOURCES, Type.LIST, "profile,posts,follows", ConfigDef.ValidList.in("profile", "posts", "follows"),
                        Importance.LOW, "What the persona is built from: the profile (bio, community), recent posts, followed accounts.")
                .define(GENERATION_MAX_CHARS, Type.INT, 600, Range.between(20, 20_000), Importance.LOW,
                        "Generated text longer than this (disclosure included) is refused and dead-lettered as OUTPUT_REJECTED.")
                .define(GENERATION_TOPIC_BLOCKLIST, Type.LIST, "weapons,self-harm,voter suppression,election fraud,extremism",
                        Importance.MEDIUM, "Campaigns whose topic or stance mentions one of these are refused (dead-lettered) and never generate.")
                .define(MEDIA_DIR, Type.STRING, "", Importance.MEDIUM,
                        "Directory of the media store: generated images and audio, named by SHA-256 (records carry only the reference). "
                                + "Empty: ~/.local/share/chorus/media. Several instances must share it (one volume mounted by all), "
                                + "since the instance that serves /api/media/{hash} may not be the one that wrote the file. See docs/MEDIA.md.")
                .define(MEDIA_MAX_BYTES, Type.LONG, 8L * 1024 * 1024, Range.between(1024, 512L * 1024 * 1024), Importance.LOW,
                        "Largest media file stored; a bigger image or audio answer is refused and the output dead-lettered as OUTPUT_REJECTED.")
                .define(MEDIA_IMAGE_MODEL, Type.STRING, "offline", ValidString.in("offline", "llm"), Importance.HIGH,
                        "Images for image and image_post campaigns. offline: an offline content card (the generated text drawn on a plain "
                                + "PNG with the disclosure label, marked as offline); llm: the OpenAI-compatible /images/generations endpoint "
                                + "at llm.base.url with llm.image.model, through the async processor.")
                .define(MEDIA_CARD_SIZE, Type.STRING, "800x800", new SizeValidator(), Importance.LOW,
                        "Width x height of offline content cards, in pixels.")
                .define(MEDIA_IMAGE_SIZE, Type.STRING, "1024x1024", new SizeValidator(), Importance.LOW,
                        "The size asked of the image model (media.image.model=llm), e.g. 1024x1024.")
                .define(MEDIA_SPEECH_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Voice narrations through the OpenAI-compatible /audio/speech endpoint at llm.base.url (llm.speech.model, "
                                + "llm.speech.voice); the audio goes to the media store. There is no offline speech: with no endpoint, "
                                + "narrations stay text.")
                .define(LLM_IMAGE_MODEL, Type.STRING, "dall-e-3", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Image model name for media.image.model=llm.")
                .define(LLM_SPEECH_MODEL, Type.STRING, "tts-1", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Speech model name for media.speech.enabled=true.")
                .define(LLM_SPEECH_VOICE, Type.STRING, "alloy", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Voice for media.speech.enabled=true.")
                .define(BEHAVIOR_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Build per-author behavioral profiles from their last posts to chorus.profiles.behavior (needs communities).")
                .define(BEHAVIOR_FEATURES, Type.LIST, "joy,sadness,anger,fear,disgust,anxiety,envy,embarrassment,ennui",
                        new NonEmptyFeatureList(), Importance.MEDIUM,
                        "Features a model scores 0-100 (with a one-line reason each) in behavioral profiles and per-post emotions.")
                .define(BEHAVIOR_IMAGES_MAX, Type.INT, 0, Range.between(0, 16), Importance.LOW,
                        "With behavior.model=llm, the newest image URLs of the author's window sent with the posts, for a vision-capable "
                                + "model to read features from what they post as images too (the profile lists them in imageUrls); 0: text only.")
                .define(BEHAVIOR_MODEL, Type.STRING, "offline", ValidString.in("offline", "llm"), Importance.HIGH,
                        "offline: profiles carry only valence statistics, posting rate and community, marked offline (features need a model); "
                                + "llm: the llm.* endpoint scores the features, asynchronously, one call per refresh.")
                .define(BEHAVIOR_WINDOW_POSTS, Type.INT, 20, Range.between(1, 500), Importance.LOW,
                        "How many of an author's latest posts a profile is built from.")
                .define(BEHAVIOR_REFRESH_POSTS, Type.INT, 5, Range.between(1, 10_000), Importance.MEDIUM,
                        "A profile is rebuilt after this many new posts of its author (never once per post unless set to 1).")
                .define(BEHAVIOR_REFRESH_INTERVAL_MS, Type.LONG, 3_600_000L, Range.atLeast(1), Importance.MEDIUM,
                        "A profile is also rebuilt when this much event time has passed since its last build and at least one new post arrived.")
                .define(EMOTIONS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Score every post's emotions (behavior.features, 0-100) with the llm.* endpoint; costs one model call per post.")
                .define(STATS_WINDOWS, Type.LIST, "1m,1h", Importance.MEDIUM,
                        "Tumbling window sizes of the sentiment aggregates by community (e.g. 1m,1h,1d); each gets a store community-sentiment-<size>.")
                .define(STATS_GRACE_MS, Type.LONG, 300_000L, Range.atLeast(0), Importance.LOW,
                        "How late (event time) a post may arrive and still count in its window; later ones are dropped and counted.")
                .define(STATS_BACKFILL_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Backfill mode for the aggregates: windows accept posts of any age, in any order (grace and window retention of 100 years), so a history loaded at once is counted in full; off, posts later than stats.grace.ms are counted as late (metric late-records-total) instead.")
                .define(LISTENING_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Social listening: sentiment-shift alerts (chorus.alerts) and trending terms (chorus.trends) per community.")
                .define(LISTENING_WINDOW, Type.STRING, "1h", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Window that alerts and trends judge (30s, 1m, 1h, 1d); a window is judged once the community's posts pass its end plus stats.grace.ms.")
                .define(LISTENING_LATENESS_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.MEDIUM,
                        "How far (event time) a community's posts must pass a window's end before it is judged; later posts count as late. -1: stats.grace.ms. Raise it for backfills whose posts arrive out of order.")
                .define(LISTENING_BASELINE_MIN_WINDOWS, Type.INT, 3, Range.between(1, 1000), Importance.LOW,
                        "Judged windows a community needs as its baseline before alerts or trends are raised for it.")
                .define(LISTENING_BASELINE_ALPHA, Type.DOUBLE, 0.3, Range.between(0.01, 1.0), Importance.LOW,
                        "Weight of the newest window in the exponentially weighted baselines (sentiment mean and spread, term counts).")
                .define(ALERTS_OVERALL, Type.BOOLEAN, true, Importance.LOW,
                        "Also judge all posts together, as the community 'all'.")
                .define(ALERTS_MIN_POSTS, Type.INT, 10, Range.atLeast(1), Importance.MEDIUM,
                        "Minimum posts in a window for it to be judged, so a handful of posts never raises an alert.")
                .define(ALERTS_Z_OPEN, Type.DOUBLE, 3.0, Range.atLeast(0.5), Importance.MEDIUM,
                        "An alert opens when a window's mean sentiment is this many spreads from the community's baseline.")
                .define(ALERTS_Z_RESOLVE, Type.DOUBLE, 1.5, Range.atLeast(0.0), Importance.LOW,
                        "An open alert resolves at the first window closer than this many spreads to the baseline (at most alerts.z.open).")
                .define(ALERTS_COOLDOWN_WINDOWS, Type.INT, 2, Range.atLeast(0), Importance.LOW,
                        "Judged windows after an alert resolves during which no new alert opens for that community.")
                .define(ALERTS_MAX_OPEN_WINDOWS, Type.INT, 24, Range.atLeast(1), Importance.LOW,
                        "A shift lasting this many windows is resolved as the community's new normal and its baseline restarts.")
                .define(TRENDS_TOP, Type.INT, 10, Range.between(1, 100), Importance.LOW,
                        "Trending terms reported per community and window, at most.")
                .define(TRENDS_MIN_COUNT, Type.INT, 5, Range.atLeast(1), Importance.MEDIUM,
                        "Posts of a window that must use a term (guaranteed count) before it can trend.")
                .define(TRENDS_MIN_LIFT, Type.DOUBLE, 3.0, Range.atLeast(1.0), Importance.MEDIUM,
                        "A term trends when (count + 1) / (baseline + 1) reaches this, against the community's own baseline.")
                .define(TRENDS_SKETCH_SIZE, Type.INT, 64, Range.between(8, 10_000), Importance.LOW,
                        "Counters of the bounded-memory heavy-hitter sketch (Space-Saving) per community and open window.")
                .define(HTTP_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM, "Serve the HTTP API and dashboard.")
                .define(HTTP_BIND, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                        "Address the HTTP API binds to. An address other than loopback needs http.token (start-up fails otherwise), unless http.allow.unauthenticated.bind=true.")
                .define(HTTP_ALLOW_UNAUTHENTICATED_BIND, Type.BOOLEAN, false, Importance.LOW,
                        "Allow a non-loopback http.bind without http.token. Only for a container whose port is published on the host's loopback interface alone (as docker-compose.yml does): anyone who can reach the port can read the API.")
                .define(HTTP_FEED_CLIENT_BUFFER, Type.INT, 256, Range.between(1, 100_000), Importance.LOW,
                        "Live-feed events queued per dashboard viewer; a viewer that falls this far behind is disconnected (its browser reconnects), so a slow viewer never delays the others.")
                .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65_535), Importance.MEDIUM, "HTTP port of the API and dashboard; 0 picks a free one.")
                .define(HTTP_ADVERTISED_HOST, Type.STRING, "", Importance.LOW,
                        "Host other instances use to reach this one's API for interactive queries; empty: the bind address.")
                .define(HTTP_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                        "If set, API calls need 'Authorization: Bearer <token>'. Prefer the environment (CHORUS_HTTP_TOKEN).");
        for (TopicId topic : TopicId.values()) {
            def.define(topic.configKey(), Type.STRING, topic.defaultName(), new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Name of the " + topic.id() + " topic.");
        }
        return def;
    }

    /** -1 (decided from the cluster) or 1..max. */
    private record ReplicationValue(int max) implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            int v = (Integer) value;
            if (v != -1 && (v < 1 || v > max)) {
                throw new ConfigException(name, value, "must be -1 (from the cluster size) or 1.." + max);
            }
        }

        @Override
        public String toString() {
            return "-1 or [1,...," + max + "]";
        }
    }

    /** A non-empty list of distinct, non-blank feature names. */
    private static final class NonEmptyFeatureList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> list = (List<?>) value;
            if (list == null || list.isEmpty()) {
                throw new ConfigException(name, value, "needs at least one feature name");
            }
            if (list.stream().anyMatch(f -> f == null || f.toString().isBlank()) || list.stream().distinct().count() != list.size()) {
                throw new ConfigException(name, value, "feature names must be non-blank and distinct");
            }
        }

        @Override
        public String toString() {
            return "non-empty list of distinct names";
        }
    }

    private static Map<String, ?> checkKnownKeys(Map<String, ?> props) {
        List<String> unknown = new ArrayList<>();
        for (String key : props.keySet()) {
            if (!DEF.names().contains(key) && !key.startsWith(KAFKA_PREFIX) && !key.startsWith(STREAMS_PREFIX)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown configuration key(s) " + unknown
                    + ": check the spelling against config/chorus.properties; Kafka client settings need the prefix '"
                    + KAFKA_PREFIX + "', Kafka Streams settings '" + STREAMS_PREFIX + "'.");
        }
        return props;
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public int maxTextChars() {
        return getInt(INPUT_MAX_TEXT_CHARS);
    }

    /** The media store's directory: {@code media.dir}, else {@code ~/.local/share/chorus/media}. */
    public java.nio.file.Path mediaDir() {
        String dir = getString(MEDIA_DIR);
        return dir.isBlank() ? java.nio.file.Path.of(System.getProperty("user.home"), ".local", "share", "chorus", "media")
                : java.nio.file.Path.of(dir);
    }

    /** A {@code WIDTHxHEIGHT} setting as {width, height}. */
    public int[] size(String key) {
        String[] parts = getString(key).strip().toLowerCase(java.util.Locale.ROOT).split("x");
        return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
    }

    /** Accepts {@code WIDTHxHEIGHT} with each side between 200 and 4096. */
    static final class SizeValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().strip().toLowerCase(java.util.Locale.ROOT);
            if (!v.matches("\\d{3,4}\\s*x\\s*\\d{3,4}")) {
                throw new ConfigException(name, value, "must be WIDTHxHEIGHT in pixels, e.g. 1024x1024");
            }
            String[] p = v.split("x");
            int w = Integer.parseInt(p[0].strip());
            int h = Integer.parseInt(p[1].strip());
            if (w < 200 || h < 200 || w > 4096 || h > 4096) {
                throw new ConfigException(name, value, "each side must be between 200 and 4096 pixels");
            }
        }

        @Override
        public String toString() {
            return "WIDTHxHEIGHT, 200..4096 each";
        }
    }

    /** The API key, or null; never log the result. */
    public String llmApiKey() {
        Password p = getPassword(LLM_API_KEY);
        return p == null ? null : p.value();
    }

    /** Settings for every Kafka client (bootstrap plus {@code kafka.*} pass-through: SASL, TLS, ...). */
    public Map<String, Object> kafkaClientProps() {
        Map<String, Object> props = new HashMap<>(originalsWithPrefix(KAFKA_PREFIX));
        props.put("bootstrap.servers", bootstrapServers());
        return props;
    }

    /** Kafka Streams properties: the client pass-through, Chorus's stream settings, then {@code streams.*}. */
    public Properties streamsProps() {
        Properties props = new Properties();
        props.putAll(kafkaClientProps());
        props.put("application.id", applicationId());
        if (!getString(STATE_DIR).isBlank()) {
            // empty means the per-user, per-cluster default, which ChorusApp resolves before it starts Kafka Streams
            props.put("state.dir", getString(STATE_DIR));
        }
        props.put("processing.guarantee", getString(PROCESSING_GUARANTEE));
        props.put("num.stream.threads", getInt(NUM_STREAM_THREADS));
        props.put("commit.interval.ms", getLong(COMMIT_INTERVAL_MS));
        props.put("num.standby.replicas", getInt(NUM_STANDBY_REPLICAS));
        props.putAll(originalsWithPrefix(STREAMS_PREFIX));
        return props;
    }

    /** Every setting with its value, secrets masked: for start-up logs and {@code --help}-style listings. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        values().forEach((k, v) -> out.put(k, v instanceof Password ? (v == null ? "null" : "[hidden]") : String.valueOf(v)));
        return out;
    }

    /** Copy with extra settings (later wins), validated again. */
    public ChorusConfig with(Map<String, ?> overrides) {
        Map<String, Object> merged = new HashMap<>(originals());
        merged.putAll(overrides);
        return new ChorusConfig(merged);
    }
}
