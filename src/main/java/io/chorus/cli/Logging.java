package io.chorus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Chooses how much the CLI logs, before the first logger exists (slf4j-simple reads its levels once, when a logger is
 * created; system properties override {@code simplelogger.properties}).
 *
 * <p>By default Chorus logs its own messages at INFO and Kafka, broker, ONNX and HTTP-server internals only at WARN or
 * ERROR where a user can act on them (see {@code simplelogger.properties}). {@code chorus demo} tells its own story on
 * standard output, so there Chorus's INFO lines are off too. {@code --verbose} on any command, or the environment
 * variable {@value #VERBOSE_ENV}{@code =1}, brings everything back at INFO: every quieted logger, Kafka's client and
 * broker logs, stack traces of bad records.
 */
final class Logging {

    /** Environment variable that turns on verbose logging for every command (same as {@code --verbose}). */
    static final String VERBOSE_ENV = "CHORUS_VERBOSE";

    static final String VERBOSE_OPTION = "--verbose";

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {
    }

    /** Sets the log levels for this command line; call first thing in {@code main}. */
    static void configure(String[] args, Map<String, String> env) {
        if (verbose(args, env)) {
            System.setProperty(PREFIX + "defaultLogLevel", "info");
            for (String logger : quietedLoggers()) {
                System.setProperty(PREFIX + "log." + logger, "info");
            }
        } else if (args.length > 0 && args[0].equals("demo")) {
            System.setProperty(PREFIX + "log.io.chorus", "warn");
        }
    }

    /** {@code --verbose} anywhere before {@code --}, or {@value #VERBOSE_ENV} set to anything but empty, 0 or false. */
    static boolean verbose(String[] args, Map<String, String> env) {
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals(VERBOSE_OPTION)) {
                return true;
            }
        }
        String value = env.get(VERBOSE_ENV);
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /** The loggers {@code simplelogger.properties} sets to a level of their own. */
    static List<String> quietedLoggers() {
        Properties p = new Properties();
        try (InputStream in = Logging.class.getResourceAsStream("/simplelogger.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return List.of();
        }
        return p.stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX + "log."))
                .map(k -> k.substring((PREFIX + "log.").length())).sorted().toList();
    }
}
