package dev.stripeoperator.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;

import dev.stripeoperator.localcluster.RealNode;
import dev.stripeoperator.receiver.backfill.StripeEventsApi;
import dev.stripeoperator.receiver.testing.TestDatabase;

/**
 * What the pods on the real node use outside the cluster, on this machine at the address the pods reach it at: a
 * PostgreSQL for the receivers' events and Stripe's events API (a stand-in) for the backfill runs.
 */
final class NodeServices implements AutoCloseable {

    /** The restricted key the examples' and the tests' backfill runs read events with. */
    static final String STRIPE_API_KEY = "rk_test_e2e_events_read";

    private final RealNode node;
    private final TestDatabase database;
    private final StripeEventsApi stripe;

    private NodeServices(RealNode node, TestDatabase database, StripeEventsApi stripe) {
        this.node = node;
        this.database = database;
        this.stripe = stripe;
    }

    static NodeServices start(RealNode node) {
        TestDatabase database = TestDatabase.startReachableAt(node.address(), node.podSubnet());
        try {
            return new NodeServices(
                    node, database, StripeEventsApi.start(STRIPE_API_KEY, InetAddress.getByName(node.address())));
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL a pod reaches the database at. */
    String jdbcUrl() {
        return database.jdbcUrl(node.address());
    }

    TestDatabase database() {
        return database;
    }

    StripeEventsApi stripe() {
        return stripe;
    }

    @Override
    public void close() {
        stripe.close();
        database.close();
    }
}
