// Package sockets measures whether a reverse proxy in front of an app is
// faster over a Unix domain socket or over TCP loopback, as `ab -n 1000 -c 1`
// would, but to the microsecond: the app under test, the proxies (real nginx
// or a built-in one), an ab/wrk-class load client, and the orchestration of
// the architectures.
package sockets
