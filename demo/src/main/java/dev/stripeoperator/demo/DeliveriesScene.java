package dev.stripeoperator.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import static dev.stripeoperator.contract.ReceiverSetting.SINK_URL;
import static dev.stripeoperator.demo.DemoFailure.expect;

/** Step 3: Stripe delivers signed events, a duplicate, a forged and a stale one; the table and the sink show them. */
final class DeliveriesScene {

    private final Narrator narrator;

    DeliveriesScene(Narrator narrator) {
        this.narrator = narrator;
    }

    /** Sends the deliveries, then shows the rows they left and what reached the sink. */
    void run(StripeDeliveries stripe, String secret, DemoReceivers receivers, LocalSink sink) {
        Instant now = Instant.now();
        String checkout = StripeDeliveries.event(
                "evt_demo_checkout_1",
                "checkout.session.completed",
                "{\"id\":\"cs_test_demo1\",\"object\":\"checkout.session\",\"amount_total\":2000,\"currency\":\"usd\",\"payment_status\":\"paid\"}");
        String invoice = StripeDeliveries.event(
                "evt_demo_invoice_1",
                "invoice.paid",
                "{\"id\":\"in_demo1\",\"object\":\"invoice\",\"amount_paid\":4900,\"currency\":\"usd\",\"status\":\"paid\"}");
        String customer = StripeDeliveries.event(
                "evt_demo_customer_1", "customer.created", "{\"id\":\"cus_demo1\",\"object\":\"customer\"}");
        String forged = StripeDeliveries.event(
                "evt_demo_forged", "invoice.paid", "{\"id\":\"in_forged\",\"object\":\"invoice\"}");

        narrator.answer("checkout.session.completed", stripe.send(checkout, now, secret), 200, "\"duplicate\":false");
        narrator.answer("invoice.paid", stripe.send(invoice, now, secret), 200, "\"duplicate\":false");
        narrator.answer(
                "customer.created (not in enabledEvents)",
                stripe.send(customer, now, secret),
                200,
                "\"received\":true");
        narrator.answer(
                "checkout.session.completed again (Stripe retried)",
                stripe.send(checkout, now, secret),
                200,
                "\"duplicate\":true");
        narrator.answer(
                "forged: signed with another secret",
                stripe.send(forged, now, StripeDeliveries.FORGED_SECRET),
                400,
                "error");
        narrator.answer(
                "stale: signed 10 minutes ago (replayed)",
                stripe.send(invoice, now.minusSeconds(600), secret),
                400,
                "error");
        narrator.saw("signed events acknowledged once, the duplicate flagged, forged and stale ones refused with 400");
        printRows(receivers);
        printSink(sink);
    }

    private void printRows(DemoReceivers receivers) {
        narrator.out().println("    $ psql -c 'SELECT id, type, source, status FROM stripe_events'");
        List<List<String>> rows = receivers.rows();
        rows.forEach(row ->
                narrator.out().printf("      %-22s %-28s %-8s %s%n", row.get(0), row.get(1), row.get(2), row.get(3)));
        expect(
                rows.size() == 3,
                "the table should hold 3 events (checkout, invoice, ignored customer), holds " + rows.size());
        narrator.saw("the table holds each acknowledged event exactly once (" + rows.size() + " rows)");
    }

    private void printSink(LocalSink sink) {
        List<String> received = awaitList(sink::received, 2);
        narrator.out().println("    forwarded to the sink (" + SINK_URL + "): " + received);
        expect(received.size() == 2, "the sink should have received the 2 enabled events, got " + received);
        narrator.saw("the enabled events were forwarded to the sink, the ignored one was not");
    }

    private static List<String> awaitList(Supplier<List<String>> probe, int size) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline) && probe.get().size() < size) {
            Await.pause(Duration.ofMillis(200));
        }
        return probe.get();
    }
}
