"""Benchtop's boto3 driver: DynamoDB PutItem calls made by boto3, reported
to Benchtop one JSON line per call; and, as benchtop_keepalive.py in a
python3.12 Lambda function, the same calls made by Lambda's own boto3
(handler below).

Benchtop writes the settings on the first line of stdin, then one request
per line; this answers "ready" (or "fatal"), then one reply per request, in
any order (overflow calls run concurrently, on threads). Connections are
counted by urllib3 itself: its pool logs "Starting new HTTPS connection" and
"Resetting dropped connection" for every connection it opens, and
"Connection pool is full, discarding connection" for every one it throws
away. DNS, connect, TLS and first byte are timed around the functions
urllib3 calls for them. Nothing here changes what boto3 does; each mode is
one of boto3's own settings (see MODES).
"""
import json
import logging
import os
import random
import socket
import struct
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import boto3
    import botocore
    import urllib3
    import urllib3.connection
    import urllib3.util.connection
    import http.client
    from botocore.config import Config
except ImportError as e:  # Benchtop checks first; this is the last word
    print(json.dumps({"fatal": "boto3 is not installed for %s (%s)" % (sys.executable, e)}), flush=True)
    sys.exit(3)

now = time.perf_counter_ns
current = threading.local()  # the call this thread is making
out_lock = threading.Lock()


def reply(obj):
    line = json.dumps(obj)
    with out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class Call:
    def __init__(self):
        self.new_conns = 0
        self.discarded = 0
        self.dials = 0
        self.dns_lookups = 0
        self.tls_handshakes = 0
        self.tls_resumed = 0  # abbreviated handshakes (a cached TLS session)
        self.so_keepalive = 0  # connections opened with SO_KEEPALIVE set
        self.dns_ns = 0
        self.connect_ns = 0
        self.tls_ns = 0
        self.first_byte_ns = None
        self.first_new = None  # did the first request of the call open a connection?
        self.requests = 0
        self.attempts = 0  # before-send events: one per attempt, failed ones included


def this_call():
    return getattr(current, "call", None)


class PoolLog(logging.Handler):
    """urllib3's own count of the connections it opens and discards."""

    def emit(self, record):
        c = this_call()
        if c is None:
            return
        msg = str(record.msg)
        if msg.startswith("Starting new HTTP") or msg.startswith("Resetting dropped connection"):
            c.new_conns += 1
        elif msg.startswith("Connection pool is full"):
            c.discarded += 1


pool_log = logging.getLogger("urllib3.connectionpool")
pool_log.setLevel(logging.DEBUG)
pool_log.addHandler(PoolLog())
pool_log.propagate = False

LAB = None  # {"host", "dns", "ca_file", "dial_delay_ms"} when the target is Benchtop's lab


def lab_resolve(name):
    """An A query to the lab's DNS server (the lab answers over its emulated
    network); the system resolver does not know the lab's name."""
    host, port = LAB["dns"].rsplit(":", 1)
    qid = random.randrange(65536)
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".")) + b"\0"
    q += struct.pack(">HH", 1, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.settimeout(5)
        s.sendto(q, (host, int(port)))
        b = s.recv(4096)
    finally:
        s.close()
    rid, flags, qd, an = struct.unpack(">HHHH", b[:8])
    if rid != qid or flags & 0xF != 0 or an == 0:
        raise socket.gaierror(socket.EAI_NONAME, "lab DNS has no A record for %s" % name)
    i = 12
    for _ in range(qd):  # skip the question
        while b[i] != 0:
            i += 1 + b[i]
        i += 5
    for _ in range(an):
        if b[i] & 0xC0 == 0xC0:
            i += 2
        else:
            while b[i] != 0:
                i += 1 + b[i]
            i += 1
        rtype, _cls, _ttl, rdlen = struct.unpack(">HHIH", b[i:i + 10])
        i += 10
        if rtype == 1 and rdlen == 4:
            return socket.inet_ntoa(b[i:i + 4])
        i += rdlen
    raise socket.gaierror(socket.EAI_NONAME, "lab DNS has no A record for %s" % name)


real_getaddrinfo = socket.getaddrinfo


def timed_getaddrinfo(host, port, *args, **kw):
    c = this_call()
    t0 = now()
    try:
        if LAB and isinstance(host, str) and host.lower() == LAB["host"]:
            return real_getaddrinfo(lab_resolve(host), port, *args, **kw)
        return real_getaddrinfo(host, port, *args, **kw)
    finally:
        if c is not None and not _is_ip(host):
            c.dns_lookups += 1
            c.dns_ns += now() - t0


def _is_ip(host):
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in str(host) else socket.AF_INET, str(host))
        return True
    except (OSError, ValueError):
        return False


socket.getaddrinfo = timed_getaddrinfo

real_create_connection = urllib3.util.connection.create_connection


def timed_create_connection(*args, **kw):
    c = this_call()
    t0 = now()
    dns0 = c.dns_ns if c else 0
    sock = real_create_connection(*args, **kw)
    if LAB and LAB.get("dial_delay_ms"):
        time.sleep(LAB["dial_delay_ms"] / 1000)  # the emulated TCP handshake's round trip
    if c is not None:
        c.dials += 1
        if sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE):
            c.so_keepalive += 1
        c.connect_ns += now() - t0 - (c.dns_ns - dns0)
    return sock


urllib3.util.connection.create_connection = timed_create_connection


def timed(fn, on_done):
    def wrapper(*args, **kw):
        t0 = now()
        r = fn(*args, **kw)
        c = this_call()
        if c is not None:
            on_done(c, now() - t0, r)
        return r

    return wrapper


def _tls_done(c, ns, wrapped):
    c.tls_handshakes += 1
    c.tls_ns += ns
    sock = getattr(wrapped, "socket", wrapped)  # urllib3 2 returns (socket, is_verified)
    if getattr(sock, "session_reused", False):
        c.tls_resumed += 1


# urllib3 2 wraps the socket in _ssl_wrap_socket_and_match_hostname,
# urllib3 1.26 (Debian 12's) in ssl_wrap_socket imported into urllib3.connection.
if hasattr(urllib3.connection, "_ssl_wrap_socket_and_match_hostname"):
    urllib3.connection._ssl_wrap_socket_and_match_hostname = timed(urllib3.connection._ssl_wrap_socket_and_match_hostname, _tls_done)
else:
    urllib3.connection.ssl_wrap_socket = timed(urllib3.connection.ssl_wrap_socket, _tls_done)

real_getresponse = http.client.HTTPConnection.getresponse


def timed_getresponse(self, *args, **kw):
    # called once the request is written; returns when the status line and
    # headers are in: the server's time plus one round trip
    c = this_call()
    t0 = now()
    r = real_getresponse(self, *args, **kw)
    if c is not None:
        c.requests += 1
        if c.first_byte_ns is None:
            c.first_byte_ns = now() - t0
            c.first_new = c.new_conns > 0
    return r


http.client.HTTPConnection.getresponse = timed_getresponse

# MODES the driver can run (what each sets is described in Benchtop, sdkdriver/modes.go).
MODES = ("reuse", "noreuse", "noreuse-tcpka", "overflow", "newclient")


def connection_close(request, **kwargs):
    request.headers["Connection"] = "close"


def count_attempt(**kwargs):
    c = this_call()
    if c is not None:
        c.attempts += 1


class Driver:
    def __init__(self, s):
        self.s = s
        self.clients = {}
        self.lock = threading.Lock()

    def config(self, mode):
        s = self.s
        t = s["timeout_ms"] / 1000
        kw = {"connect_timeout": t, "read_timeout": t, "region_name": s["region"]}
        ka = s["tcp_keepalive"]
        if mode == "noreuse-tcpka" or ka == "on":
            kw["tcp_keepalive"] = True
        elif ka == "off":
            kw["tcp_keepalive"] = False
        if mode == "overflow":
            kw["max_pool_connections"] = s["pool"]
        return Config(**kw)

    def new_client(self, mode):
        s = self.s
        kw = {"config": self.config(mode)}
        if s.get("endpoint"):
            kw["endpoint_url"] = s["endpoint"]
        if LAB:
            kw["verify"] = LAB["ca_file"]
        client = boto3.session.Session().client("dynamodb", **kw)
        client.meta.events.register("before-send.dynamodb.*", count_attempt)
        if mode in ("noreuse", "noreuse-tcpka"):
            client.meta.events.register("before-send.dynamodb.*", connection_close)
        return client

    def client(self, mode):
        with self.lock:
            c = self.clients.get(mode)
            if c is None:
                c = self.clients[mode] = self.new_client(mode)
            return c

    def call(self, req):
        mode = req["mode"]
        client = self.new_client(mode) if mode == "newclient" else self.client(mode)
        item = {
            "pk": {"S": req["key"]}, "mode": {"S": mode}, "seq": {"N": str(req["seq"])},
            "ts": {"S": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, "source": {"S": "benchtop.keepalive"},
            "sdk": {"S": "boto3"}, "detail": {"M": {"type": {"S": "ping"}, "value": {"N": "1"}}},
        }
        c = Call()
        current.call = c
        err = None
        t0 = now()
        try:
            client.put_item(TableName=self.s["table"], Item=item)
        except botocore.exceptions.ClientError as e:
            err = "%s: %s" % (e.response.get("Error", {}).get("Code", "?"), e.response.get("Error", {}).get("Message", ""))
        except Exception as e:  # connection errors, timeouts: boto3's own words
            err = "%s: %s" % (type(e).__name__, e)
        if err and c.attempts > 1:
            err += " (after %d attempts)" % c.attempts
        lat = now() - t0
        current.call = None
        if mode == "newclient":
            client.close()
        new = c.first_new if c.first_new is not None else c.new_conns > 0
        phases = {}
        if new:
            if c.dns_lookups:
                phases["dns"] = c.dns_ns / 1e3
            if c.dials:
                phases["connect"] = c.connect_ns / 1e3
            if c.tls_handshakes:
                phases["tls"] = c.tls_ns / 1e3
        if c.first_byte_ns is not None:
            phases["first_byte"] = c.first_byte_ns / 1e3
        r = {"id": req["id"], "latency_us": lat / 1e3, "conn": "new" if new else "reused", "new_connections": c.new_conns,
             "dials": c.dials, "dns_lookups": c.dns_lookups, "tls_handshakes": c.tls_handshakes,
             "tls_resumed": c.tls_resumed, "discarded": c.discarded, "so_keepalive": c.so_keepalive, "attempts": max(c.attempts, 1), "phases": phases}
        if err:
            r["error"] = err
        return r


def versions():
    return {"boto3": boto3.__version__, "botocore": botocore.__version__, "urllib3": urllib3.__version__,
            "python": sys.version.split()[0]}


def main():
    global LAB
    s = json.loads(sys.stdin.readline())
    LAB = s.get("lab")
    for m in s["modes"]:
        if m not in MODES:
            reply({"fatal": "mode %s has no boto3 setting" % m})
            return
    if s["tcp_keepalive"] not in ("default", "on", "off"):
        reply({"fatal": "boto3's tcp_keepalive is on or off (SO_KEEPALIVE, with the system's idle time): it takes no period such as %s" % s["tcp_keepalive"]})
        return
    reply({"ready": True, "versions": versions()})
    d = Driver(s)
    pool = ThreadPoolExecutor(max_workers=max(8, s.get("concurrency", 1) + 2))

    def serve(req):
        try:
            reply(d.call(req))
        except Exception as e:
            reply({"id": req["id"], "error": "driver: %s: %s" % (type(e).__name__, e), "latency_us": 0, "conn": "new"})

    for line in sys.stdin:
        if not line.strip():
            continue
        pool.submit(serve, json.loads(line))
    pool.shutdown(wait=True)


# In AWS Lambda: one invocation makes `calls` PutItem calls of one mode,
# interval_ms apart, and answers with every call's trace (Benchtop's
# lambdaevent contract). Drivers are kept between warm invocations, as a
# real handler keeps its client.
SESSIONS = {}
COLD_AT = time.time()
INVOKED = [0]


def handler(event, context):
    INVOKED[0] += 1
    cold = INVOKED[0] == 1
    mode = event["mode"]
    if mode not in MODES or mode == "overflow":
        raise ValueError("mode %s cannot run in this function" % mode)
    ka = event.get("tcp_keepalive") or "default"
    key = (event["run_id"], mode, event["table"], event.get("endpoint", ""), event.get("timeout_ms", 0), ka)
    d = SESSIONS.get(key)
    if d is None:
        d = SESSIONS[key] = Driver({"region": os.environ.get("AWS_REGION", "us-east-1"), "endpoint": event.get("endpoint") or None,
                                    "table": event["table"], "timeout_ms": event.get("timeout_ms") or 10000,
                                    "tcp_keepalive": ka, "pool": 10, "modes": [mode]})
    samples = []
    start = time.time()
    for i in range(event["calls"]):
        if i and event.get("interval_ms"):
            time.sleep(event["interval_ms"] / 1000)
        seq = event.get("first_seq", 0) + i
        at = time.time() - start
        r = d.call({"id": i, "mode": mode, "seq": seq, "key": "%s%06d" % (event["key_prefix"], seq)})
        counts = {k: r.get(k, 0) for k in ("attempts", "dials", "dns_lookups", "tls_handshakes", "discarded", "so_keepalive")}
        counts["transport_new"] = r.get("new_connections", 0)
        smp = {"seq": seq, "t_s": at, "latency_us": r.get("latency_us", 0), "phases_us": r.get("phases", {}),
               "counts": counts, "tags": {"conn": r.get("conn", "new")}}
        if r.get("error"):
            smp["error"] = r["error"]
        samples.append(smp)
    return {"samples": samples, "cold": cold, "since_cold_ms": int((time.time() - COLD_AT) * 1000), "versions": versions()}


if __name__ == "__main__":
    main()
