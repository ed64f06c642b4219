package dev.firedrill.harness.backend.aws.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.topology.AppSpec;
import dev.firedrill.harness.topology.Database;
import dev.firedrill.harness.topology.LoadBalancer;
import dev.firedrill.harness.topology.Queue;
import dev.firedrill.harness.topology.Topology;
import java.util.List;
import java.util.Map;

/**
 * The app instances' user data: a bash script, given to {@code Fn::Sub} so {@code ${DbPrimary.Endpoint.Address}}
 * and friends become the stack's endpoints. It installs a JRE, writes the env contract to
 * {@code /etc/firedrill/app.env} and runs the app as a systemd service, so the app comes back after an
 * instance-stop fault (a stopped instance's user data does not run again on start).
 *
 * <p>The env contract is the embedded backend's (README, "The env contract") with AWS's values: {@code PORT} (the
 * target group's port), {@code INSTANCE_ID} and {@code AZ} from the instance metadata (IMDSv2), the RDS endpoints
 * for {@code DB_WRITER_URL}/{@code DB_READER_URL} (instance read replicas have no shared reader endpoint: the
 * first replica's), {@code DB_USER}, {@code DB_PASSWORD} read from the RDS-managed secret at boot,
 * {@code DATABASE_URL}/{@code PG*}, {@code REDIS_URL} (the replication group's primary endpoint),
 * {@code <NAME>_QUEUE_URL}, {@code AWS_REGION}. The differences: {@code BIND_ADDRESS} is {@code 0.0.0.0}, since on
 * AWS the load balancer connects from another host; no {@code SQS_ENDPOINT} (the SDK takes the region's) and no
 * static keys: the instance profile's role ({@link FleetPart}) gives the SDK's default credential chain its
 * credentials, and nothing secret but the database password is written to disk. The reference app also gets
 * {@code DNS_TTL_SECONDS=5}, RDS's own DNS TTL, so a failover's new writer address is picked up in seconds (the
 * fleet's {@code env} can override it).
 *
 * <p>The Auto Scaling group has a {@code CreationPolicy} waiting for one signal per instance: once the service is
 * started the script polls the app's health check on the instance itself (the target group's path, port and
 * success codes) for up to {@value #HEALTH_WAIT_SECONDS} s and sends {@code cfn-signal} with the outcome, so the
 * stack reaches {@code CREATE_COMPLETE} only when every instance's app is healthy. A step that fails earlier
 * signals failure at once (an {@code ERR} trap) instead of leaving CloudFormation to wait for its timeout.
 */
public final class UserData {
    /** How long the script waits for the app's health check before signalling failure. */
    public static final int HEALTH_WAIT_SECONDS = 600;
    /** RDS's DNS TTL: the reference app caches lookups no longer than that. */
    static final String DNS_TTL_SECONDS = "5";
    /** Where Amazon Linux's {@code aws-cfn-bootstrap} package puts the helper. */
    static final String CFN_SIGNAL = "/opt/aws/bin/cfn-signal";

    private static final String SCRIPT_HEAD = """
            #!/bin/bash
            # firedrill app instance: a JRE, the env contract in /etc/firedrill/app.env, the app as a systemd service
            set -euo pipefail
            exec > >(tee -a /var/log/firedrill-app-setup.log) 2>&1
            dnf install -y java-17-amazon-corretto-headless aws-cfn-bootstrap
            """;

    private static final String SCRIPT_SETUP = """
            id firedrill >/dev/null 2>&1 || useradd --system --home-dir /opt/firedrill --shell /sbin/nologin firedrill
            mkdir -p /opt/firedrill /etc/firedrill
            TOKEN=$(curl -sfS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
            meta() { curl -sfS -H "X-aws-ec2-metadata-token: $TOKEN" "http://169.254.169.254/latest/meta-data/$1"; }
            urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
            env_line() { printf '%s=%q\\n' "$1" "$2"; }
            INSTANCE_ID=$(meta instance-id)
            AZ=$(meta placement/availability-zone)
            """;

    private static final String SCRIPT_TAIL = """
            cat > /etc/systemd/system/firedrill-app.service <<'UNIT'
            [Unit]
            Description=firedrill app (env contract in /etc/firedrill/app.env)
            Wants=network-online.target
            After=network-online.target
            [Service]
            User=firedrill
            ExecStart=/opt/firedrill/run.sh
            Restart=always
            RestartSec=2
            [Install]
            WantedBy=multi-user.target
            UNIT
            chmod 755 /opt/firedrill/run.sh
            chown -R firedrill /opt/firedrill /etc/firedrill
            systemctl daemon-reload
            systemctl enable --now firedrill-app.service
            trap - ERR
            rc=0
            wait_healthy || rc=$?
            """;

    private UserData() {
    }

    /** The script as an {@code Fn::Sub}: its text and the endpoint attributes it names as variables. */
    public static ObjectNode script(Topology t, String runId) {
        ObjectNode vars = Cfn.obj();
        String text = text(t, runId, vars);
        return Cfn.sub(text, vars);
    }

    static String text(Topology t, String runId, ObjectNode vars) {
        AppSpec app = t.fleet().app();
        StringBuilder b = new StringBuilder(SCRIPT_HEAD);
        String signal = CFN_SIGNAL + " --stack '${AWS::StackName}' --resource '"
                + LogicalIds.fleet(t.fleet().name(), "Asg") + "' --region '${AWS::Region}'";
        // CreationPolicy: a failed step tells CloudFormation now instead of leaving it to wait for the timeout
        b.append("signal_failure() { ").append(signal).append(" -e 1 || true; }\n");
        b.append("trap signal_failure ERR\n").append(SCRIPT_SETUP);
        Database d = t.database();
        if (d != null) {
            // the RDS-managed secret's ARN is looked up at boot: moto 5.2 has no Fn::GetAtt MasterUserSecret.SecretArn
            b.append("SECRET_ARN=$(aws rds describe-db-instances --region '${AWS::Region}' --db-instance-identifier '${")
                    .append(LogicalIds.DB_PRIMARY).append("}' --query 'DBInstances[0].MasterUserSecret.SecretArn' ")
                    .append("--output text)\n");
            b.append("DB_PASSWORD=$(aws secretsmanager get-secret-value --region '${AWS::Region}' --secret-id ")
                    .append("\"$SECRET_ARN\" --query SecretString --output text | python3 -c ")
                    .append("'import json, sys; print(json.load(sys.stdin)[\"password\"])')\n");
        }
        if (t.cache() != null) {
            // by id, not through the template: see CacheQueuePart.replicationGroupId
            b.append("REDIS_ENDPOINT=$(aws elasticache describe-replication-groups --region '${AWS::Region}' ")
                    .append("--replication-group-id '").append(CacheQueuePart.replicationGroupId(runId))
                    .append("' --query 'ReplicationGroups[0].NodeGroups[0].PrimaryEndpoint.[Address,Port]' ")
                    .append("--output text | tr '\\t' ':')\n");
        }
        b.append("umask 077\n{\n");
        if (app.isReferenceApp()) {
            line(b, "DNS_TTL_SECONDS", quoted(DNS_TTL_SECONDS)); // before the fleet's env, which may override it
        }
        // the fleet's own env first: the contract's variables, written after, win (as on the embedded backend)
        for (Map.Entry<String, String> e : app.env().entrySet()) {
            line(b, e.getKey(), quoted(Cfn.subLiteral(e.getValue())));
        }
        line(b, "PORT", quoted(String.valueOf(t.loadBalancer() == null ? 8080 : t.loadBalancer().targetPort())));
        line(b, "BIND_ADDRESS", quoted("0.0.0.0"));
        line(b, "INSTANCE_ID", "\"$INSTANCE_ID\"");
        line(b, "AZ", "\"$AZ\"");
        if (d != null) {
            vars.set("WriterAddress", Cfn.getAtt(LogicalIds.DB_PRIMARY, "Endpoint.Address"));
            vars.set("WriterPort", Cfn.getAtt(LogicalIds.DB_PRIMARY, "Endpoint.Port"));
            String readerDb = d.replicas() > 0 ? LogicalIds.replica(1) : LogicalIds.DB_PRIMARY;
            vars.set("ReaderAddress", Cfn.getAtt(readerDb, "Endpoint.Address"));
            vars.set("ReaderPort", Cfn.getAtt(readerDb, "Endpoint.Port"));
            String writer = "${WriterAddress}:${WriterPort}";
            String reader = "${ReaderAddress}:${ReaderPort}";
            line(b, "DB_WRITER_URL", quoted("jdbc:postgresql://" + writer + "/postgres"));
            line(b, "DB_READER_URL", quoted("jdbc:postgresql://" + reader + "/postgres"));
            line(b, "DB_USER", quoted(DatabasePart.MASTER_USER));
            line(b, "DB_PASSWORD", "\"$DB_PASSWORD\"");
            String user = DatabasePart.MASTER_USER + ":$(urlenc \"$DB_PASSWORD\")@";
            line(b, "DATABASE_URL", "\"postgres://" + user + writer + "/postgres\"");
            line(b, "DATABASE_READER_URL", "\"postgres://" + user + reader + "/postgres\"");
            line(b, "PGHOST", quoted("${WriterAddress}"));
            line(b, "PGPORT", quoted("${WriterPort}"));
            line(b, "PGUSER", quoted(DatabasePart.MASTER_USER));
            line(b, "PGPASSWORD", "\"$DB_PASSWORD\"");
            line(b, "PGDATABASE", quoted("postgres"));
        }
        if (t.cache() != null) {
            line(b, "REDIS_URL", "\"redis://$REDIS_ENDPOINT\"");
        }
        if (!t.queues().isEmpty()) {
            for (Queue q : t.queues()) {
                line(b, CacheQueuePart.urlVariable(q.name()), quoted("${" + LogicalIds.queue(q.name()) + "}"));
            }
        }
        line(b, "AWS_REGION", quoted("${AWS::Region}"));
        b.append("} > /etc/firedrill/app.env\n");
        if (app.isReferenceApp()) {
            b.append("curl -fsSL --retry 5 -o /opt/firedrill/app.jar '${").append(LogicalIds.APP_ARTIFACT_URL)
                    .append("}'\n");
        }
        b.append("cat > /opt/firedrill/run.sh <<'RUN'\n#!/bin/bash\nset -a; . /etc/firedrill/app.env; set +a\n")
                .append("cd /opt/firedrill\nexec ").append(command(app)).append("\nRUN\n");
        b.append(healthWait(t));
        b.append(SCRIPT_TAIL);
        return b.append(signal).append(" -e \"$rc\"\n").toString();
    }

    /**
     * {@code wait_healthy}: polls the app on this instance as the target group will, until it answers one of the
     * success codes or {@link #HEALTH_WAIT_SECONDS} pass. Without a load balancer: port 8080 and {@code /health}.
     */
    static String healthWait(Topology t) {
        LoadBalancer lb = t.loadBalancer();
        int port = lb == null ? 8080 : lb.targetPort();
        String path = lb == null ? "/health" : lb.healthCheck().path();
        String matcher = lb == null ? "200" : lb.healthCheck().matcher();
        return "health_ok() { local c; c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "
                + quoted(Cfn.subLiteral("http://127.0.0.1:" + port + path)) + " || true); (( " + codes(matcher)
                + " )); }\n"
                + "wait_healthy() { local deadline=$((SECONDS + " + HEALTH_WAIT_SECONDS + ")); "
                + "until health_ok; do (( SECONDS < deadline )) || return 1; sleep 5; done; }\n";
    }

    /** A target-group matcher ({@code 200}, {@code 200,202}, {@code 200-299}) as a bash arithmetic test on {@code c}. */
    static String codes(String matcher) {
        List<String> tests = new java.util.ArrayList<>();
        for (String part : matcher.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            tests.add(dash < 0 ? "10#$c == " + Integer.parseInt(p)
                    : "(10#$c >= " + Integer.parseInt(p.substring(0, dash).trim()) + " && 10#$c <= "
                    + Integer.parseInt(p.substring(dash + 1).trim()) + ")");
        }
        return String.join(" || ", tests);
    }

    /**
     * The command line {@code run.sh} executes: the reference app's jar, or the fleet's command as written. A
     * command's files must already be on the image: nothing is copied to the instances.
     */
    static String command(AppSpec app) {
        if (app.isReferenceApp()) {
            return "java -jar /opt/firedrill/app.jar";
        }
        List<String> words = app.command().stream().map(w -> quoted(Cfn.subLiteral(w))).toList();
        return String.join(" ", words);
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append("  env_line ").append(name).append(' ').append(value).append('\n');
    }

    /** A bash single-quoted word. */
    static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
