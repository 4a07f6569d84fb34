package keepalive

import "benchtop/internal/measure/results"

// Kind is a keep-alive run's kind in the store (here or in AWS Lambda).
const Kind = "keepalive"

// Columns is the results table of a keep-alive run (here or in AWS
// Lambda), one row per mode: the window, the CLI and the report show it.
// Calls take milliseconds, so latencies are in ms to the µs.
func Columns() results.Columns {
	ms := results.Millis
	return results.Columns{Group: "mode", List: []results.Column{
		results.Calls("calls"),
		results.Errors,
		results.P50.In(ms), results.P90.In(ms), results.P99.In(ms), results.Max.In(ms), results.Mean.In(ms), results.Stdev.In(ms),
		results.CounterColumn("new conns", results.CounterNewConnections),
		results.CounterColumn("dials", results.CounterDials),
		results.CounterColumn("DNS", results.CounterDNSLookups),
		results.CounterColumn("TLS", results.CounterTLSHandshakes),
		{Header: "reuse %", Unit: results.Percent, Value: reusePercent},
		results.CounterColumn("retries", results.CounterRetries),
	}}
}

// reusePercent is the share of calls served on a pooled connection.
func reusePercent(g *results.Group) float64 {
	calls := g.Summary.Count + g.Summary.Errors
	if calls == 0 {
		return 0
	}
	return 100 * float64(g.Counters.Get(results.CounterReused)) / float64(calls)
}
