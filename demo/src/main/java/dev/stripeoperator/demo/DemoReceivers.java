package dev.stripeoperator.demo;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;

/**
 * The receivers that Stripe's deliveries reach in the demo: the pods of the operator's Deployment on the local real
 * node, or, where this machine cannot run one, a receiver process beside the cluster configured from that Deployment.
 */
interface DemoReceivers extends AutoCloseable {

    /** Where Stripe's deliveries for the endpoint go. */
    URI webhookUrl();

    /** One line on where the receivers run. */
    String where();

    /** Prints what runs and how it is configured. */
    void describe(PrintStream out);

    /**
     * Returns once every receiver verifies signatures made with {@code secret}, the signing Secret's new current
     * value: when the kubelet has refreshed the pods' Secret volume, or the local volume was published again.
     */
    void awaitSigningSecret(String secret, PrintStream out);

    /** Every stored event as id, type, source, status, in the order received. */
    List<List<String>> rows();

    @Override
    void close();
}
