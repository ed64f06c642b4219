package dev.firedrill.perf.internal.sidebyside;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ALB of the side-by-side benchmark runs with the flags the CLI really uses, read from the launcher. */
class LauncherFlagsTest {
    @Test
    void theRepositorysLauncher() throws Exception {
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("firedrill");
        assertThat(SideBySide.launcherFlags(launcher)).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .allMatch(f -> f.startsWith("-X"));
    }

    @Test
    void anArrayWinsOverTheExecLine(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("firedrill"), "#!/bin/bash\nJVM_FLAGS=(-XX:+UseSerialGC -Xmn16m)\n"
                + "exec java \"${JVM_FLAGS[@]}\" -Xshare:auto -cp x Main\n");
        assertThat(SideBySide.launcherFlags(f)).containsExactly("-XX:+UseSerialGC", "-Xmn16m");
        Path old = Files.writeString(dir.resolve("old"), "exec java -XX:+UseSerialGC -Dx=y -Xss1m -cp x Main\n");
        assertThat(SideBySide.launcherFlags(old)).containsExactly("-XX:+UseSerialGC", "-Xss1m");
        Path wrapped = Files.writeString(dir.resolve("wrapped"), "JVM_FLAGS=(-XX:+UseSerialGC -Xmn24m\n"
                + "  -XX:+UnlockDiagnosticVMOptions -Xlog:disable)\nexec java \"${JVM_FLAGS[@]}\" Main\n");
        assertThat(SideBySide.launcherFlags(wrapped)).containsExactly("-XX:+UseSerialGC", "-Xmn24m",
                "-XX:+UnlockDiagnosticVMOptions", "-Xlog:disable");
    }
}
