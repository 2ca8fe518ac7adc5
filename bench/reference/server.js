// The baseline of `make bench`: a Stripe webhook receiver written the way Stripe's guides show it.
// Express hands constructEvent the raw body, one INSERT ... ON CONFLICT DO NOTHING per delivery
// through a pg Pool of 20, and 200 {received: true} once the insert has returned (committed).
'use strict';

const express = require('express');
const Stripe = require('stripe');
const { Pool } = require('pg');

const endpointSecret = required('STRIPE_WEBHOOK_SECRET');
const endpointName = process.env.ENDPOINT_NAME || 'default';
const port = Number(process.env.PORT || 8080);

// constructEvent verifies locally; the API key is never used, but the client needs one.
const stripe = Stripe(process.env.STRIPE_API_KEY || 'sk_test_unused_by_webhook_verification');
const pool = new Pool({ connectionString: required('PG_URL'), max: 20 });

// The schema keeps the raw body (bytea) beside the jsonb copy; the reference stores both like ours does, from
// the same text parameter, so both receivers hand PostgreSQL the same work per event.
const INSERT = `INSERT INTO stripe_events
    (endpoint, id, type, livemode, api_version, created, payload, body, source, status, next_attempt_at)
  VALUES ($1, $2, $3, $4, $5, to_timestamp($6), $7::text::jsonb, convert_to($7::text, 'UTF8'), 'webhook', 'pending', now())
  ON CONFLICT (endpoint, id) DO NOTHING`;

const app = express();

app.post('/webhooks/stripe', express.raw({ type: 'application/json' }), async (req, res) => {
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], endpointSecret);
  } catch (err) {
    return res.status(400).json({ error: `signature verification failed: ${err.message}` });
  }
  try {
    await pool.query(INSERT, [endpointName, event.id, event.type, event.livemode, event.api_version,
      event.created, req.body.toString('utf8')]);
  } catch (err) {
    return res.status(503).json({ error: 'database unavailable' });
  }
  res.json({ received: true });
});

const server = app.listen(port, '127.0.0.1', () => {
  console.log(`reference receiver listening on port ${server.address().port}`);
});

process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`reference receiver: ${name} is not set`);
    process.exit(2);
  }
  return value;
}
