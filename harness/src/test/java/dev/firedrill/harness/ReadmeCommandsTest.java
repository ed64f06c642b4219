package dev.firedrill.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shell commands of the top-level README leave nothing behind in a clone. */
class ReadmeCommandsTest {
    @Test
    void curlCookieJarsInTheReadmeLiveOutsideTheRepository() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("curl [^\\n]*?-[cb] (\\S+)").matcher(readme);
        int jars = 0;
        while (m.find()) {
            jars++;
            assertThat(m.group(1)).as("cookie jar of: " + m.group()).startsWith("/tmp/");
        }
        assertThat(jars).as("the README shows the session walk-through with a cookie jar").isPositive();
    }
}
