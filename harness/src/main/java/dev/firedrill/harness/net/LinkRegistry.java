package dev.firedrill.harness.net;

import dev.firedrill.harness.FaultException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The links of one deployment by name, for the control API and fault execution. Links opened
 * through the registry draw their random seeds from one seeded source. Thread-safe.
 *
 * <pre>{@code
 * try (LinkRegistry links = new LinkRegistry(seed);
 *      ToxiproxyApi api = ToxiproxyApi.start(links, 8474)) {
 *     Link redis = links.open("redis", redisAddress, 0);
 * }
 * }</pre>
 */
public final class LinkRegistry implements AutoCloseable {
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final FlowLog flows;
    private RandomGenerator seeds;

    /** A registry whose links share a flow log of the last {@link FlowLog#DEFAULT_CAPACITY} records. */
    public LinkRegistry(long seed) {
        this(seed, FlowLog.DEFAULT_CAPACITY);
    }

    /** A registry whose links share a flow log of the last {@code flowCapacity} records. */
    public LinkRegistry(long seed, int flowCapacity) {
        this.seeds = new SplittableRandom(seed);
        this.flows = new FlowLog(flowCapacity);
    }

    /**
     * The flow records of every link: those of connections that ended at or after {@code sinceEpochNanos} (kept in
     * one bounded log: {@link #flowLog()} counts those dropped), then one per connection open now (end 0). In the
     * order they ended, the open ones last, by start. A link removed from the registry closed its connections, so
     * they are among the ended ones.
     */
    public List<FlowRecord> flows(long sinceEpochNanos) {
        List<FlowRecord> out = new ArrayList<>(flows.endedSince(sinceEpochNanos));
        List<FlowRecord> open = new ArrayList<>();
        for (Link l : links()) {
            open.addAll(l.openFlows());
        }
        open.sort(java.util.Comparator.comparingLong(FlowRecord::startEpochNanos));
        out.addAll(open);
        return out;
    }

    /** The log the links' ended connections go to. */
    public FlowLog flowLog() {
        return flows;
    }

    /**
     * Reseeds every link (in name order) and the source of links opened later from {@code seed}, so that the
     * toxicity rolls of a run follow its seed.
     */
    public void reseed(long seed) {
        synchronized (links) {
            seeds = new SplittableRandom(seed);
            links.values().stream().sorted(java.util.Comparator.comparing(Link::name))
                    .forEach(l -> l.reseed(seeds.nextLong()));
        }
    }

    /** Opens a link on 127.0.0.1:{@code listenPort} (0 = any) and registers it. */
    public Link open(String name, InetSocketAddress upstream, int listenPort) {
        return open(name, List.of(upstream), listenPort);
    }

    /** Opens a link spreading connections over {@code upstreams} and registers it. */
    public Link open(String name, List<InetSocketAddress> upstreams, int listenPort) {
        return open(name, upstreams, dev.firedrill.harness.internal.Ports.LOOPBACK, listenPort);
    }

    /**
     * As {@link #open(String, List, int)}, listening on {@code bindAddress} (a container network's gateway, so that
     * containers reach the link and nothing off this host does).
     */
    public Link open(String name, List<InetSocketAddress> upstreams, java.net.InetAddress bindAddress, int listenPort) {
        synchronized (links) {
            requireAbsent(name);
            Link link = dev.firedrill.harness.net.internal.ProxyLink.open(name, upstreams, bindAddress, listenPort,
                    new SplittableRandom(seeds.nextLong()));
            link.recordFlowsTo(flows);
            links.put(name, link);
            return link;
        }
    }

    /** Registers a link opened elsewhere; the registry closes it on {@link #remove} or {@link #close}. */
    public Link register(Link link) {
        synchronized (links) {
            requireAbsent(link.name());
            link.recordFlowsTo(flows);
            links.put(link.name(), link);
            return link;
        }
    }

    private void requireAbsent(String name) {
        if (links.containsKey(name)) {
            throw new FaultException("link '" + name + "' already exists; links: " + links.keySet());
        }
    }

    public Optional<Link> find(String name) {
        synchronized (links) {
            return Optional.ofNullable(links.get(name));
        }
    }

    /** The link named {@code name}, or a FaultException listing the known names. */
    public Link get(String name) {
        synchronized (links) {
            Link link = links.get(name);
            if (link == null) {
                throw new FaultException("no link named '" + name + "'; links: " + links.keySet());
            }
            return link;
        }
    }

    /** All links, in registration order. */
    public List<Link> links() {
        synchronized (links) {
            return List.copyOf(new ArrayList<>(links.values()));
        }
    }

    /** Unregisters and closes the link; false if there was none. */
    public boolean remove(String name) {
        Link link;
        synchronized (links) {
            link = links.remove(name);
        }
        if (link != null) {
            link.close();
        }
        return link != null;
    }

    /** Closes every link. */
    @Override
    public void close() {
        for (Link link : links()) {
            remove(link.name());
        }
    }
}
