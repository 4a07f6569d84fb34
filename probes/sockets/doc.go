// Package sockets measures whether a reverse proxy in front of an app is
// faster over a Unix domain socket or over TCP loopback, as `ab -n 1000 -c 1`
// would, but to the microsecond: the experiment's settings (Config), the
// run of each architecture (start the stack under test, drive the load
// generator, collect the groups), and its charts and published tables. The
// stack under test is in sockets/stack, the load generator in
// probes/loadgen.
package sockets
