package io.chorus.cli;

import io.chorus.config.ChorusConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * The edge where configuration is read: a properties file, then the environment (secrets only), then
 * {@code --bootstrap} and {@code --set key=value} (last wins). Validated once into a {@link ChorusConfig}.
 */
public final class ConfigOptions {

    /** Environment variables that may carry secrets, and the keys they fill. */
    static final Map<String, String> SECRET_ENV = new LinkedHashMap<>();

    static {
        SECRET_ENV.put("CHORUS_LLM_API_KEY", ChorusConfig.LLM_API_KEY);
        SECRET_ENV.put("OPENAI_API_KEY", ChorusConfig.LLM_API_KEY);
        SECRET_ENV.put("CHORUS_HTTP_TOKEN", ChorusConfig.HTTP_TOKEN);
    }

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file with Chorus settings (see config/chorus.properties for every key).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting; repeatable. Example: --set async.capacity=64")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (same as --set bootstrap.servers=...).")
    String bootstrap;

    /** Reads and validates the configuration; throws {@link ConfigException} naming the bad key. */
    public ChorusConfig load(Map<String, String> env, Map<String, String> defaults) {
        Map<String, Object> props = new HashMap<>(defaults);
        if (configFile != null) {
            props.putAll(readFile(configFile));
        }
        SECRET_ENV.forEach((var, key) -> {
            String value = env.get(var);
            if (value != null && !value.isBlank() && !props.containsKey(key)) {
                props.put(key, value);
            }
        });
        if (bootstrap != null) {
            props.put(ChorusConfig.BOOTSTRAP_SERVERS, bootstrap);
        }
        props.putAll(overrides);
        return new ChorusConfig(props);
    }

    public ChorusConfig load() {
        return load(System.getenv(), Map.of());
    }

    static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not a file");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }
}
