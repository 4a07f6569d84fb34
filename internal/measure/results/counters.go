package results

// Counters are a group's totals. The keys are the Counter* names (JSON keeps
// them as a map so that kinds can add their own); Get reads one, 0 when absent.
type Counters map[string]int64

// Counter names shared by the probes.
const (
	CounterNewConnections = "new_connections" // requests served on a connection opened for them
	CounterDials          = "dials"           // connections dialed (more than new ones when a pool overflows)
	CounterDNSLookups     = "dns_lookups"
	CounterTLSHandshakes  = "tls_handshakes"
	CounterReused         = "reused"       // requests on a pooled connection
	CounterRetries        = "retries"      // attempts after the first
	CounterWriteErrors    = "write_errors" // connections lost to a request-write error
	CounterConcurrency    = "concurrency"
	CounterCancelled      = "cancelled" // requests in flight when the run was stopped
	CounterRedials        = "redials"   // kept-alive connections found closed and dialed again
	CounterThreads        = "threads"   // event loops that drove the connections
)

// Get returns a counter, 0 when absent.
func (c Counters) Get(name string) int64 { return c[name] }

// Add adds n to a counter.
func (c Counters) Add(name string, n int64) { c[name] += n }
