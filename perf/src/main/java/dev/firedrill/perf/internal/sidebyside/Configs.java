package dev.firedrill.perf.internal.sidebyside;

import java.nio.file.Path;
import java.util.List;

/** Configuration files of the nginx and HAProxy instances a side-by-side run starts. */
final class Configs {
    private Configs() {
    }

    private static String nginxHead(Path dir, int workers) {
        return "user root;\nworker_processes " + workers + ";\ndaemon off;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " warn;\n"
                + "events { worker_connections 4096; }\n"
                + "http {\n  access_log off;\n  keepalive_requests 1000000;\n  keepalive_timeout 120s;\n"
                + "  client_body_temp_path " + dir.resolve("body") + ";\n  proxy_temp_path " + dir.resolve("proxy")
                + ";\n  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n  uwsgi_temp_path " + dir.resolve("uwsgi")
                + ";\n  scgi_temp_path " + dir.resolve("scgi") + ";\n";
    }

    /** One nginx worker serving a short fixed body on each port (the backends every proxy forwards to). */
    static String nginxBackends(Path dir, List<Integer> ports) {
        StringBuilder b = new StringBuilder(nginxHead(dir, 1));
        for (int i = 0; i < ports.size(); i++) {
            b.append("  server { listen 127.0.0.1:").append(ports.get(i))
                    .append("; location / { default_type text/plain; return 200 \"backend ").append(i + 1)
                    .append("\\n\"; } }\n");
        }
        return b.append("}\n").toString();
    }

    /** nginx as a reverse proxy, one worker per core, keep-alive connections to the backends. */
    static String nginxProxy(Path dir, int port, List<Integer> backends, int workers) {
        StringBuilder b = new StringBuilder(nginxHead(dir, workers));
        b.append("  upstream backends {\n");
        for (int p : backends) {
            b.append("    server 127.0.0.1:").append(p).append(";\n");
        }
        b.append("    keepalive 64;\n    keepalive_requests 1000000;\n  }\n")
                .append("  server {\n    listen 127.0.0.1:").append(port).append(";\n")
                .append("    location / { proxy_pass http://backends; proxy_http_version 1.1; ")
                .append("proxy_set_header Connection \"\"; }\n  }\n}\n");
        return b.toString();
    }

    /** HAProxy in HTTP mode, one thread per core, round robin, server connections reused. */
    static String haproxyHttp(int port, List<Integer> backends, int threads) {
        StringBuilder b = new StringBuilder(haproxyHead(threads, "http"));
        b.append("frontend f\n  bind 127.0.0.1:").append(port).append("\n  default_backend b\n")
                .append("backend b\n  balance roundrobin\n  http-reuse always\n");
        for (int i = 0; i < backends.size(); i++) {
            b.append("  server s").append(i + 1).append(" 127.0.0.1:").append(backends.get(i)).append('\n');
        }
        return b.toString();
    }

    /** HAProxy in TCP mode: each {@code listen} port forwards to its upstream port. */
    static String haproxyTcp(int threads, int[][] listenToUpstream) {
        StringBuilder b = new StringBuilder(haproxyHead(threads, "tcp"));
        for (int i = 0; i < listenToUpstream.length; i++) {
            b.append("listen l").append(i).append("\n  bind 127.0.0.1:").append(listenToUpstream[i][0])
                    .append("\n  server s 127.0.0.1:").append(listenToUpstream[i][1]).append('\n');
        }
        return b.toString();
    }

    private static String haproxyHead(int threads, String mode) {
        return "global\n  nbthread " + threads + "\n  maxconn 4000\n"
                + "defaults\n  mode " + mode + "\n  timeout connect 5s\n  timeout client 120s\n"
                + "  timeout server 120s\n";
    }
}
