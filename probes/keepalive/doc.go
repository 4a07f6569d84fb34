// Package keepalive measures how HTTP connection reuse changes the latency
// of AWS SDK calls: DynamoDB PutItem through aws-sdk-go-v2 at a fixed
// interval, once per mode, with a trace of every attempt (DNS, connect, TLS,
// first byte) that tells a new connection from a reused one.
//
// HTTP keep-alive (reusing a connection from the pool) is what removes DNS,
// TCP and TLS from a call. TCP keepalive (SO_KEEPALIVE, net.Dialer.KeepAlive)
// only sends probes on an idle socket; it does not make anything reuse it.
// The modes show each mechanism on its own.
package keepalive
