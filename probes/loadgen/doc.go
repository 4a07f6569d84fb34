// Package loadgen is an ab/wrk-class HTTP/1 load generator: given a target
// (TCP host:port or a Unix socket) and the load (requests, concurrency,
// warm-up, keep-alive, timeout, or an open model's rate), it sends the
// requests and measures each one, to the microsecond. One worker per
// connection on blocking sockets, or (Linux, more than one connection)
// epoll event loops, one per thread, as wrk runs them. It knows nothing of
// what serves the target.
package loadgen
