/**
 * Links: one harness-owned TCP proxy on 127.0.0.1 per edge of the topology, so faults can act on any of them.
 * A {@link dev.firedrill.harness.net.Link} forwards to its upstream and applies
 * {@link dev.firedrill.harness.net.Toxic}s (latency, bandwidth, timeout, reset-peer, slow-close, slicer,
 * limit-data, named and shaped as in Toxiproxy, on a {@link dev.firedrill.harness.net.ToxicStream}) or refuses
 * traffic in a {@link dev.firedrill.harness.net.BlockMode}. A deployment's links live in a
 * {@link dev.firedrill.harness.net.LinkRegistry} (one seeded random source), which
 * {@link dev.firedrill.harness.net.ToxiproxyApi} serves over Toxiproxy's HTTP API. The embedded backend opens the
 * links and its fault execution drives them; the proxy code lives in {@code internal}.
 */
package dev.firedrill.harness.net;
