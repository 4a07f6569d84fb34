package sockets

import "benchtop/internal/measure/results"

// Kind is a socket bench run's kind in the store (here or on Fargate).
const Kind = "sockets"

// Columns is the results table of a socket run, one row per architecture
// (and concurrency level): the original's table (ab's req/s and ms per
// request), then percentiles in µs, where a Unix socket's gain shows. The
// window, the CLI and the report show it.
func Columns() results.Columns {
	us := results.Micros
	msPerReq := results.Mean.In(results.Millis)
	msPerReq.Header = "ms/req" // ab's name for it
	return results.Columns{Group: "arch", List: []results.Column{
		{Header: "req/s", Unit: results.PerSecond, Value: func(g *results.Group) float64 { return g.ReqPerSec }},
		msPerReq,
		results.P50.In(us), results.P90.In(us), results.P99.In(us), results.P999.In(us), results.Max.In(us),
		results.Errors,
		results.CounterColumn("conns", results.CounterNewConnections),
	}}
}
