// Benchtop's JavaScript driver: DynamoDB PutItem calls made by the AWS SDK
// for JavaScript v3 (@aws-sdk/client-dynamodb, NodeHttpHandler), reported to
// Benchtop one JSON line per call; and, as index.js in a nodejs20.x Lambda
// function, the same calls made by Lambda's own SDK (handler below).
//
// Benchtop writes the settings on the first line of stdin, then one request
// per line; this answers "ready" (or "fatal"), then one reply per request,
// in any order (overflow calls run concurrently). Connections are counted by
// Node itself: the agent's createConnection opens each one, and each request
// says whether it got a pooled socket (req.reusedSocket, read from the
// http.client.request.start diagnostics channel). Each mode is one of the
// SDK's or Node's own settings (see MODES).
"use strict";
const http = require("http");
const https = require("https");
const dns = require("dns");
const dc = require("diagnostics_channel");
const readline = require("readline");
const { AsyncLocalStorage } = require("async_hooks");

function reply(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

let sdk, NodeHttpHandler, versions;
try {
  sdk = require("@aws-sdk/client-dynamodb");
  ({ NodeHttpHandler } = require("@smithy/node-http-handler"));
  versions = {
    "client-dynamodb": require("@aws-sdk/client-dynamodb/package.json").version,
    "node-http-handler": require("@smithy/node-http-handler/package.json").version,
    node: process.versions.node,
  };
} catch (e) {
  if (require.main !== module) throw e; // in Lambda: the runtime reports it
  reply({ fatal: "the AWS SDK for JavaScript v3 is not installed where node looks (" + e.message.split("\n")[0] + ")" });
  process.exit(3);
}

const now = () => process.hrtime.bigint(); // ns
const us = (ns) => Number(ns) / 1e3;
const current = new AsyncLocalStorage(); // the call being made
const sockets = new WeakMap(); // socket -> its opening's timings

// Each HTTP request of a call (one per attempt): was its socket pooled?
dc.subscribe("http.client.request.start", ({ request }) => {
  const c = current.getStore();
  if (!c) return;
  c.requests++;
  const first = c.requests === 1;
  const t0 = now();
  if (first) c.firstNew = !request.reusedSocket;
  if (first && !request.reusedSocket) c.firstSocket = sockets.get(request.socket);
  request.once("response", () => {
    if (!first) return;
    // from the request's leaving (on a new socket: once connected and
    // handshaken, not when it was queued) to the headers: server time + one round trip
    const t = c.firstSocket;
    let from = t0;
    if (t && t.secure && t.secure > from) from = t.secure;
    else if (t && t.connected && !t.secure && t.connected > from) from = t.connected;
    c.firstByte = now() - from;
  });
});

// MODES the driver can run (what each sets is described in Benchtop, sdkdriver/modes.go).
const MODES = new Set(["reuse", "noreuse", "noreuse-tcpka", "overflow", "idle", "newclient"]);

let S, LAB;

// labLookup resolves the lab's name through the lab's DNS server (which
// answers over its emulated network), notes when the answer came (t.dnsDone),
// then waits the emulated TCP handshake's round trip, so the socket's connect
// phase carries it.
function labLookup(t, hostname, options, cb) {
  if (hostname.toLowerCase() !== LAB.host) return dns.lookup(hostname, options, cb);
  const c = current.getStore();
  if (c) c.dnsLookups++;
  const r = new dns.Resolver({ timeout: 5000, tries: 1 });
  r.setServers([LAB.dns]);
  r.resolve4(hostname, (err, addrs) => {
    t.dnsDone = now();
    const done = () => {
      if (err) return cb(err);
      if (options && options.all) return cb(null, addrs.map((a) => ({ address: a, family: 4 })));
      cb(null, addrs[0], 4);
    };
    const delay = LAB.dial_delay_ms || 0;
    if (err || delay <= 0) return done();
    setTimeout(done, delay);
  });
}

function agentClass(Base, mode) {
  const ka = S.tcp_keepalive;
  return class extends Base {
    createConnection(options, cb) {
      const c = current.getStore();
      const t = { t0: now(), dnsDone: null, connected: null, secure: null };
      if (c) c.dials++;
      if (LAB) options = { ...options, lookup: (h, o, k) => labLookup(t, h, o, k) };
      const s = super.createConnection(options, cb);
      if (s) {
        sockets.set(s, t);
        if (!LAB) s.once("lookup", () => { t.dnsDone = now(); if (c) c.dnsLookups++; });
        s.once("connect", () => {
          t.connected = now();
          if (mode === "noreuse-tcpka" || ka === "on") s.setKeepAlive(true);
          else if (typeof ka === "number") s.setKeepAlive(true, ka);
        });
        s.once("secureConnect", () => {
          t.secure = now();
          if (c) c.tlsHandshakes++;
          if (c && s.isSessionReused()) c.tlsResumed++; // the agent's TLS session cache: an abbreviated handshake
        });
      }
      return s;
    }
    keepSocketAlive(socket) {
      const kept = super.keepSocketAlive(socket); // sets SO_KEEPALIVE with keepAliveMsecs
      if (kept && ka === "off") socket.setKeepAlive(false);
      else if (kept && typeof ka === "number") socket.setKeepAlive(true, ka);
      return kept;
    }
  };
}

function agentOptions(mode) {
  const o = { keepAlive: true, maxSockets: 50 }; // NodeHttpHandler's own defaults
  if (mode === "noreuse" || mode === "noreuse-tcpka") o.keepAlive = false;
  if (mode === "overflow") o.maxFreeSockets = S.pool;
  if (mode === "idle") o.timeout = S.idle_timeout_ms;
  return o;
}

function newClient(mode) {
  const opts = agentOptions(mode);
  if (LAB) opts.ca = LAB.ca_pem;
  const handler = new NodeHttpHandler({
    connectionTimeout: S.timeout_ms,
    requestTimeout: S.timeout_ms,
    throwOnRequestTimeout: true, // newer handlers only warn by default; the probe bounds each attempt
    httpAgent: new (agentClass(http.Agent, mode))(opts),
    httpsAgent: new (agentClass(https.Agent, mode))(opts),
  });
  const cfg = { region: S.region, requestHandler: handler };
  if (S.endpoint) cfg.endpoint = S.endpoint;
  return new sdk.DynamoDBClient(cfg);
}

let clientsOf = new Map(); // mode -> client (in Lambda: per session)

async function call(req) {
  const mode = req.mode;
  let client = mode === "newclient" ? newClient(mode) : clientsOf.get(mode);
  if (!client) clientsOf.set(mode, (client = newClient(mode)));
  const c = { requests: 0, dials: 0, dnsLookups: 0, tlsHandshakes: 0, tlsResumed: 0, firstNew: null, firstSocket: null, firstByte: null };
  const item = {
    pk: { S: req.key }, mode: { S: mode }, seq: { N: String(req.seq) }, ts: { S: new Date().toISOString() },
    source: { S: "benchtop.keepalive" }, sdk: { S: "js" }, detail: { M: { type: { S: "ping" }, value: { N: "1" } } },
  };
  let err = null;
  let attempts = 1;
  const t0 = now();
  try {
    const out = await current.run(c, () => client.send(new sdk.PutItemCommand({ TableName: S.table, Item: item })));
    attempts = (out.$metadata && out.$metadata.attempts) || 1;
  } catch (e) {
    attempts = (e.$metadata && e.$metadata.attempts) || Math.max(c.requests, 1);
    err = (e.name || "Error") + ": " + (e.message || String(e)).split("\n")[0];
    if (attempts > 1) err += " (after " + attempts + " attempts)";
  }
  const lat = now() - t0;
  if (mode === "newclient") client.destroy();
  const isNew = c.firstNew === null ? c.dials > 0 : c.firstNew;
  const phases = {};
  const t = c.firstSocket;
  if (isNew && t) {
    let from = t.t0;
    if (t.dnsDone) { phases.dns = us(t.dnsDone - t.t0); from = t.dnsDone; }
    if (t.connected) phases.connect = us(t.connected - from);
    if (t.secure && t.connected) phases.tls = us(t.secure - t.connected);
  }
  if (c.firstByte !== null) phases.first_byte = us(c.firstByte);
  const r = {
    id: req.id, latency_us: us(lat), conn: isNew ? "new" : "reused", new_connections: c.dials, dials: c.dials,
    dns_lookups: c.dnsLookups, tls_handshakes: c.tlsHandshakes, tls_resumed: c.tlsResumed, attempts, phases,
  };
  if (err) r.error = err;
  return r;
}

function main() {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  let first = true;
  rl.on("line", (line) => {
    if (!line.trim()) return;
    if (first) {
      first = false;
      S = JSON.parse(line);
      LAB = S.lab || null;
      const ka = S.tcp_keepalive;
      if (ka !== "default" && ka !== "on" && ka !== "off") S.tcp_keepalive = Math.round(Number(S.tcp_keepalive_ms));
      for (const m of S.modes) {
        if (!MODES.has(m)) { reply({ fatal: "mode " + m + " has no setting in the JavaScript SDK" }); process.exit(2); }
      }
      reply({ ready: true, versions });
      return;
    }
    const req = JSON.parse(line);
    call(req).then(reply, (e) => reply({ id: req.id, error: "driver: " + e.message, latency_us: 0, conn: "new" }));
  });
  rl.on("close", () => {
    for (const c of clientsOf.values()) c.destroy();
  });
}

// In AWS Lambda: one invocation makes `calls` PutItem calls of one mode,
// interval_ms apart, and answers with every call's trace (Benchtop's
// lambdaevent contract). Clients are kept between warm invocations, as a
// real handler keeps its client.
const coldAt = Date.now();
let invoked = 0;
const sessions = new Map();

exports.handler = async (event) => {
  invoked++;
  const cold = invoked === 1;
  const mode = event.mode;
  if (!MODES.has(mode) || mode === "overflow") throw new Error("mode " + mode + " cannot run in this function");
  const ka = event.tcp_keepalive || "default";
  const key = [event.run_id, mode, event.table, event.endpoint || "", event.timeout_ms || 0, ka].join("|");
  if (!sessions.has(key)) sessions.set(key, new Map());
  S = {
    region: process.env.AWS_REGION, endpoint: event.endpoint || undefined, table: event.table, timeout_ms: event.timeout_ms || 10000,
    tcp_keepalive: ["default", "on", "off"].includes(ka) ? ka : Math.round(parseDurationMS(ka)), pool: 10, idle_timeout_ms: event.idle_timeout_ms || 500,
  };
  LAB = null;
  clientsOf = sessions.get(key);
  const samples = [];
  const start = Date.now();
  for (let i = 0; i < event.calls; i++) {
    if (i > 0 && event.interval_ms > 0) await new Promise((r) => setTimeout(r, event.interval_ms));
    const seq = (event.first_seq || 0) + i;
    const at = (Date.now() - start) / 1000;
    const r = await call({ id: i, mode, seq, key: event.key_prefix + String(seq).padStart(6, "0") });
    const smp = {
      seq, t_s: at, latency_us: r.latency_us, phases_us: r.phases, tags: { conn: r.conn },
      counts: { attempts: r.attempts, dials: r.dials, dns_lookups: r.dns_lookups, tls_handshakes: r.tls_handshakes, transport_new: r.new_connections },
    };
    if (r.error) smp.error = r.error;
    samples.push(smp);
  }
  return { samples, cold, since_cold_ms: Date.now() - coldAt, versions };
};

// parseDurationMS reads Go's duration text ("15s", "1m30s", "500ms").
function parseDurationMS(s) {
  const unit = { h: 3600e3, m: 60e3, s: 1e3, ms: 1, us: 1e-3, "µs": 1e-3, ns: 1e-6 };
  let ms = 0;
  for (const [, n, u] of String(s).matchAll(/([0-9.]+)(h|ms|m|s|us|µs|ns)/g)) ms += Number(n) * unit[u];
  return ms;
}

if (require.main === module) main();
