package dev.firedrill.app;

import dev.firedrill.app.internal.dns.DnsCacheTtl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar firedrill-app-under-test.jar}: starts the app from the process environment and shuts it
 * down gracefully on SIGTERM. Exit status 2 means the env contract is broken, 1 that start-up failed. Before
 * anything resolves a host name it shortens the JVM's DNS cache to DNS_TTL_SECONDS ({@link DnsCacheTtl}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && "--cds-warmup".equals(args[0])) {
            CdsWarmup.run();
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        App app;
        DnsCacheTtl.Decision dns;
        try {
            AppConfig config = AppConfig.fromEnv(System.getenv());
            dns = DnsCacheTtl.apply(config.tuning().dnsTtlSeconds());
            app = App.start(config);
        } catch (ConfigException e) {
            log.error("{}", e.getMessage());
            System.err.println("firedrill-app: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            log.error("start-up failed: {}", e.getMessage());
            System.err.println("firedrill-app: start-up failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        log.info("{}", dns.description());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sigterm"));
    }
}
