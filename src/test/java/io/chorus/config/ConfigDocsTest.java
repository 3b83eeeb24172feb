package io.chorus.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Proves config/chorus.properties documents every setting Chorus defines, so the file never drifts from the code. */
class ConfigDocsTest {

    @Test
    void everyDefinedKeyIsDocumentedInTheExampleFile() throws Exception {
        String doc = Files.readString(Path.of("config/chorus.properties"));
        for (String key : ChorusConfig.definition().names()) {
            assertThat(doc).as("config/chorus.properties documents %s", key).contains("#" + key + "=");
        }
    }
}
