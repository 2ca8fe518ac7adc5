package dev.stripeoperator.bench;

import java.util.ArrayList;
import java.util.List;

import com.stripe.Stripe;

/**
 * Realistic Stripe event bodies (1.2 to 2 KB, as Stripe sends them) with distinct, reproducible ids.
 *
 * <p>The same (run, phase, index) always gives the same event, so both receivers get identical loads.
 */
final class StripeEvents {

    private static final List<String[]> TEMPLATES = List.of(parts("""
                    {
                      "id": "${id}",
                      "object": "event",
                      "api_version": "${api_version}",
                      "created": ${created},
                      "data": {
                        "object": {
                          "id": "pi_${key}",
                          "object": "payment_intent",
                          "amount": ${amount},
                          "amount_capturable": 0,
                          "amount_details": {"tip": {}},
                          "amount_received": ${amount},
                          "application": null,
                          "application_fee_amount": null,
                          "automatic_payment_methods": {"allow_redirects": "always", "enabled": true},
                          "canceled_at": null,
                          "cancellation_reason": null,
                          "capture_method": "automatic_async",
                          "client_secret": "pi_${key}_secret_bench",
                          "confirmation_method": "automatic",
                          "created": ${created},
                          "currency": "usd",
                          "customer": "cus_${key}",
                          "description": "Subscription update",
                          "last_payment_error": null,
                          "latest_charge": "ch_${key}",
                          "livemode": false,
                          "metadata": {"order_id": "ord_${key}", "tenant": "acme-eu-1"},
                          "next_action": null,
                          "on_behalf_of": null,
                          "payment_method": "pm_${key}",
                          "payment_method_configuration_details": null,
                          "payment_method_options": {"card": {"installments": null, "mandate_options": null, "network": null, "request_three_d_secure": "automatic"}},
                          "payment_method_types": ["card"],
                          "processing": null,
                          "receipt_email": "billing@example.com",
                          "review": null,
                          "setup_future_usage": "off_session",
                          "shipping": null,
                          "source": null,
                          "statement_descriptor": null,
                          "statement_descriptor_suffix": null,
                          "status": "succeeded",
                          "transfer_data": null,
                          "transfer_group": null
                        }
                      },
                      "livemode": false,
                      "pending_webhooks": 1,
                      "request": {"id": "req_${key}", "idempotency_key": "${key}"},
                      "type": "payment_intent.succeeded"
                    }
                    """), parts("""
                    {
                      "id": "${id}",
                      "object": "event",
                      "api_version": "${api_version}",
                      "created": ${created},
                      "data": {
                        "object": {
                          "id": "cs_test_${key}",
                          "object": "checkout.session",
                          "after_expiration": null,
                          "allow_promotion_codes": false,
                          "amount_subtotal": ${amount},
                          "amount_total": ${amount},
                          "automatic_tax": {"enabled": true, "liability": {"type": "self"}, "status": "complete"},
                          "billing_address_collection": "auto",
                          "cancel_url": "https://shop.example.com/cart",
                          "client_reference_id": "cart_${key}",
                          "created": ${created},
                          "currency": "eur",
                          "customer": "cus_${key}",
                          "customer_creation": "if_required",
                          "customer_details": {"address": {"city": "Berlin", "country": "DE", "line1": "Invalidenstrasse 1", "line2": null, "postal_code": "10115", "state": null}, "email": "jane@example.com", "name": "Jane Doe", "phone": null, "tax_exempt": "none", "tax_ids": []},
                          "expires_at": ${created},
                          "invoice": "in_${key}",
                          "livemode": false,
                          "locale": "auto",
                          "metadata": {"order_id": "ord_${key}"},
                          "mode": "subscription",
                          "payment_intent": null,
                          "payment_method_collection": "always",
                          "payment_method_types": ["card", "sepa_debit"],
                          "payment_status": "paid",
                          "status": "complete",
                          "submit_type": null,
                          "subscription": "sub_${key}",
                          "success_url": "https://shop.example.com/thanks?session_id={CHECKOUT_SESSION_ID}",
                          "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": ${amount}},
                          "ui_mode": "hosted",
                          "url": null
                        }
                      },
                      "livemode": false,
                      "pending_webhooks": 2,
                      "request": {"id": null, "idempotency_key": null},
                      "type": "checkout.session.completed"
                    }
                    """), parts("""
                    {
                      "id": "${id}",
                      "object": "event",
                      "api_version": "${api_version}",
                      "created": ${created},
                      "data": {
                        "object": {
                          "id": "in_${key}",
                          "object": "invoice",
                          "account_country": "US",
                          "account_name": "Acme Inc.",
                          "amount_due": ${amount},
                          "amount_paid": ${amount},
                          "amount_remaining": 0,
                          "attempt_count": 1,
                          "attempted": true,
                          "billing_reason": "subscription_cycle",
                          "collection_method": "charge_automatically",
                          "created": ${created},
                          "currency": "usd",
                          "customer": "cus_${key}",
                          "customer_email": "ops@example.org",
                          "customer_name": "Example Org",
                          "hosted_invoice_url": "https://invoice.stripe.com/i/acct_bench/test_${key}",
                          "invoice_pdf": "https://pay.stripe.com/invoice/acct_bench/test_${key}/pdf",
                          "lines": {"object": "list", "data": [{"id": "il_${key}", "object": "line_item", "amount": ${amount}, "currency": "usd", "description": "1 x Team plan (at $49.00 / month)", "quantity": 1}], "has_more": false, "total_count": 1, "url": "/v1/invoices/in_${key}/lines"},
                          "livemode": false,
                          "metadata": {},
                          "number": "ACME-${key}",
                          "paid": true,
                          "period_end": ${created},
                          "period_start": ${created},
                          "status": "paid",
                          "subscription": "sub_${key}",
                          "subtotal": ${amount},
                          "total": ${amount}
                        }
                      },
                      "livemode": false,
                      "pending_webhooks": 1,
                      "request": {"id": null, "idempotency_key": null},
                      "type": "invoice.paid"
                    }
                    """));

    private final String runId;

    StripeEvents(String runId) {
        this.runId = runId;
    }

    /** The id of event {@code index} of {@code phase}. */
    String id(char phase, int index) {
        return "evt_" + runId + phase + String.format("%010d", index);
    }

    /** The JSON body of event {@code index} of {@code phase}, created at {@code createdEpochSecond}. */
    String body(char phase, int index, long createdEpochSecond) {
        String id = id(phase, index);
        String[] parts = TEMPLATES.get(index % TEMPLATES.size());
        StringBuilder json = new StringBuilder(2048).append(parts[0]);
        for (int p = 1; p < parts.length; p += 2) {
            json.append(
                            switch (parts[p]) {
                                case "id" -> id;
                                case "api_version" -> Stripe.API_VERSION;
                                case "created" -> createdEpochSecond;
                                case "key" -> id.substring(4);
                                case "amount" -> 500 + (index * 7919L) % 250_000;
                                default -> throw new IllegalStateException("unknown placeholder " + parts[p]);
                            })
                    .append(parts[p + 1]);
        }
        return json.toString();
    }

    /** Splits a template at its {@code ${name}} placeholders: literal, name, literal, name, ..., literal. */
    private static String[] parts(String template) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int open = template.indexOf("${"); open >= 0; open = template.indexOf("${", from)) {
            int close = template.indexOf('}', open);
            parts.add(template.substring(from, open));
            parts.add(template.substring(open + 2, close));
            from = close + 1;
        }
        parts.add(template.substring(from));
        return parts.toArray(String[]::new);
    }
}
