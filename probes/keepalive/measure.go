package keepalive

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"benchtop/internal/measure/results"
	"benchtop/internal/measure/stats"
	"benchtop/internal/redact"
)

// measure runs the schedule: call i of every mode, each at its own offset
// within the interval, so all modes see the same schedule and conditions.
func (p *prober) measure(ctx context.Context, run *results.Run) error {
	cfg := p.cfg
	callers := p.callers
	recs := make([]*stats.Recorder, len(callers))
	samples := make([][]results.Sample, len(callers))
	for i := range callers {
		recs[i] = stats.NewRecorder()
	}
	perTick := func(m string) int {
		if m == ModeOverflow {
			return cfg.Concurrency
		}
		return 1
	}
	total := 0
	for _, c := range callers {
		total += cfg.Calls * perTick(c.mode())
	}
	done := 0
	start := time.Now()
	var err error
	// groups is the run's groups so far: the live view, and at the end the result.
	groups := func() []results.Group {
		gs := make([]results.Group, len(callers))
		for i, c := range callers {
			gs[i] = results.Group{Name: c.group(), Summary: recs[i].Summary(), Samples: samples[i], Counters: Counters(samples[i])}
		}
		return gs
	}
	progress := func() results.Progress {
		snap := *run
		snap.Groups = groups()
		return results.Progress{Run: snap.Copy(), Done: float64(done) / float64(total), Phase: "measuring"}
	}
	record := func(i int, s results.Sample) {
		if s.Err != "" && ctx.Err() != nil {
			return // cut short by Stop: not a failed call
		}
		if s.Err != "" {
			recs[i].RecordError()
		} else {
			recs[i].Record(time.Duration(s.LatencyUS * 1e3))
		}
		samples[i] = append(samples[i], s)
		done++
		p.report.Report(progress)
	}
ticks:
	for tick := 0; tick < cfg.Calls; tick++ {
		for i, c := range callers {
			due := start.Add(time.Duration(tick)*cfg.Interval + time.Duration(i)*cfg.Interval/time.Duration(len(callers)))
			if d := time.Until(due); d > 0 {
				select {
				case <-time.After(d):
				case <-ctx.Done():
					err = ctx.Err()
					break ticks
				}
			}
			if ctx.Err() != nil {
				err = ctx.Err()
				break ticks
			}
			k := perTick(c.mode())
			if k == 1 {
				record(i, c.call(ctx, tick, 0, start))
				continue
			}
			out := make([]results.Sample, k)
			var wg sync.WaitGroup
			for j := 0; j < k; j++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					out[j] = c.call(ctx, tick*k+j, j, start)
				}()
			}
			wg.Wait()
			for _, s := range out {
				record(i, s)
			}
		}
	}
	run.Groups = groups()
	writeErrs := 0
	for _, g := range run.Groups {
		writeErrs += int(g.Counters.Get(results.CounterWriteErrors))
	}
	if writeErrs > 0 {
		// Seen with servers that answer in well under a millisecond: the SDK
		// closes the request body when the response is in while net/http is
		// still finishing the request write, the write reports EOF, and the
		// transport drops a pooled connection.
		run.Notes = append(run.Notes, fmt.Sprintf("%d calls ended their connection with a request-write error (%s): the server answered before the client finished writing; such a connection is not reused (tag write_error)", writeErrs, firstWriteErr(run)))
	}
	return err
}

func firstWriteErr(run *results.Run) string {
	for _, g := range run.Groups {
		for _, s := range g.Samples {
			if e := s.Tags["write_error"]; e != "" {
				return e
			}
		}
	}
	return ""
}

// wrote notes an item to delete at clean-up.
func (p *prober) wrote(key string) {
	p.mu.Lock()
	p.written = append(p.written, key)
	p.mu.Unlock()
}

// call performs one PutItem (or GET) and returns its sample.
func (c *goCaller) call(ctx context.Context, seq, slot int, start time.Time) results.Sample {
	p := c.p
	if c.m == ModeNewClient {
		c = p.newGoCaller(c.name, c.m)
		defer c.close()
	}
	tr := &callTrace{}
	// The per-call bound is the HTTP client's Timeout (per attempt); the
	// run's ctx is cancelled only by Stop.
	cctx := tr.context(ctx)
	t0 := time.Now()
	var err error
	if c.ddb != nil {
		key := ItemKey(p.runID, c.name, seq)
		_, err = c.ddb.PutItem(cctx, &dynamodb.PutItemInput{TableName: aws.String(p.cfg.Table), Item: eventItem(key, c.m, seq)})
		if err == nil {
			p.wrote(key)
		}
	} else {
		err = p.get(cctx, c.client)
	}
	lat := time.Since(t0)
	s := results.Sample{Seq: seq, AtS: t0.Sub(start).Seconds(), LatencyUS: float64(lat) / 1e3, Phases: tr.phases()}
	tr.mu.Lock()
	conn := "reused"
	if !tr.firstReused {
		conn = "new"
	}
	s.Tags = map[string]string{"conn": conn}
	s.Counts = map[string]int64{"attempts": int64(tr.attempts), "slot": int64(slot), results.CounterDials: int64(tr.dials),
		results.CounterDNSLookups: int64(tr.dnsCount), results.CounterTLSHandshakes: int64(tr.tlsCount), counterTLSResumed: int64(tr.tlsResumed)}
	if tr.firstReused {
		s.Counts["idle_us"] = tr.firstIdle.Microseconds()
	}
	if tr.writeErr != nil {
		s.Tags["write_error"] = tr.writeErr.Error()
	}
	tr.mu.Unlock()
	if err != nil {
		s.Err = redact.Text(describeErr(err))
	}
	return s
}

func (p *prober) get(ctx context.Context, hc *http.Client) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.cfg.Target, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "benchtop-keepalive")
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse } // timed: this request, not where it leads
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// Read it all (or the connection cannot be reused), and a body cut
	// short is a failed call, not a fast one.
	if n, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("body cut short after %d bytes: %w", n, err)
	}
	return results.StatusError(resp.StatusCode) // a 3xx fails, as in the sockets probe
}

// eventItem is a small event body like the original experiment's.
func eventItem(key, mode string, seq int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk":     &types.AttributeValueMemberS{Value: key},
		"mode":   &types.AttributeValueMemberS{Value: mode},
		"seq":    &types.AttributeValueMemberN{Value: strconv.Itoa(seq)},
		"ts":     &types.AttributeValueMemberS{Value: time.Now().UTC().Format(time.RFC3339Nano)},
		"source": &types.AttributeValueMemberS{Value: "benchtop.keepalive"},
		"detail": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"type":  &types.AttributeValueMemberS{Value: "ping"},
			"value": &types.AttributeValueMemberN{Value: "1"},
		}},
	}
}

// counterTLSResumed counts abbreviated TLS handshakes (a cached session:
// Node's agent keeps them; urllib3 and Go's default transport do not).
const counterTLSResumed = "tls_resumed"

// Counters totals a mode's samples: calls served on a new connection,
// connections dialed (more than that when the pool overflows: the extras
// are opened and thrown away), DNS lookups, TLS handshakes, reused calls,
// retries, request-write errors.
func Counters(ss []results.Sample) results.Counters {
	c := results.Counters{}
	for _, k := range []string{results.CounterNewConnections, results.CounterDials, results.CounterDNSLookups, results.CounterTLSHandshakes,
		counterTLSResumed, results.CounterReused, results.CounterRetries, results.CounterWriteErrors} {
		c[k] = 0
	}
	for _, s := range ss {
		if s.Tags["conn"] == "new" {
			c.Add(results.CounterNewConnections, 1)
		} else {
			c.Add(results.CounterReused, 1)
		}
		for _, k := range []string{results.CounterDials, results.CounterDNSLookups, results.CounterTLSHandshakes, counterTLSResumed} {
			c.Add(k, s.Counts[k])
		}
		if s.Tags["write_error"] != "" {
			c.Add(results.CounterWriteErrors, 1)
		}
		if a := s.Counts["attempts"]; a > 1 {
			c.Add(results.CounterRetries, a-1)
		}
	}
	return c
}
