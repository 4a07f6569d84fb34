package loadgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"benchtop/internal/measure/results"
	"benchtop/internal/measure/stats"
)

// Load is one closed-loop run, like `ab -n N -c C [-k]`: C workers each send
// a request, wait for the whole response, and send the next, until N have
// completed. With Rate > 0 it is an open model instead: requests are due at
// a fixed rate and latency counts from when a request was due, so a stall
// is not hidden (coordinated omission).
type Load struct {
	Target      Target
	Requests    int           // N, after the warm-up
	Concurrency int           // C, default 1
	Warmup      int           // requests sent first and not recorded
	Timeout     time.Duration // per request, default 10 s
	KeepAlive   bool          // reuse connections (ab -k); default off, like ab
	Rate        float64       // requests per second for the open model; 0 = closed loop
	// Progress, if set, is called with the number of requests completed,
	// from the workers (keep it cheap).
	Progress func(done int)
	// Threads is how many event loops drive the connections when there
	// are more than one (wrk's -t; Linux). 0: half the cores for a server
	// on this machine (it needs the other half: measured here, one loop on
	// 2 cores makes 34k req/s where two make 29k), every core for another.
	Threads int
	// OutOfProcess says the server is another process. A single worker
	// then reads and writes without telling the Go scheduler, a few µs less
	// per request; with the server in this process that would starve it of
	// a P, so in-process runs never do.
	OutOfProcess bool
}

// Result of a Load.
type Result struct {
	Recorder  *stats.Recorder
	Samples   []Sample
	Elapsed   time.Duration
	ReqPerSec float64
	Errors    map[string]int // message → count
	// NewConns is how many connections the measured requests opened (the
	// warm-up's are not counted).
	NewConns int64
	// Cancelled counts requests in flight when the run was stopped.
	Cancelled int64
	// Redials counts kept-alive connections the server had closed, dialed
	// again before the request was sent (not errors).
	Redials int64
	// Threads is how many event loops drove the connections; 0 when each
	// connection had a worker of its own (-c 1, the open model, not Linux).
	Threads int
}

// Sample is one recorded request.
type Sample struct {
	Start   time.Duration // since the load started
	Latency time.Duration
	Err     string
}

// Run executes the load. It stops early, with what it has, when ctx is done.
func (l Load) Run(ctx context.Context) (*Result, error) {
	if l.Requests <= 0 {
		return nil, errors.New("requests must be at least 1")
	}
	c := max(l.Concurrency, 1)
	if l.Timeout <= 0 {
		l.Timeout = 10 * time.Second
	}
	// A stopped run reaches requests in flight through this flag: their
	// waits wake at least every waitSlice and give up.
	stop := &atomic.Bool{}
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-ctx.Done():
			stop.Store(true)
		case <-finished:
		}
	}()
	// The warm-up also proves the target answers: fail fast with its error.
	if l.Warmup > 0 {
		w := newWorker(l, stop)
		for i := 0; i < l.Warmup && ctx.Err() == nil; i++ {
			if _, err := w.do(); err != nil {
				w.close()
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				return nil, fmt.Errorf("warm-up request to %s failed: %w", l.Target, err)
			}
		}
		w.close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}

	res := &Result{Recorder: stats.NewRecorder(), Errors: map[string]int{}}
	if loopsAvailable && c > 1 && l.Rate == 0 {
		if err := l.runLoops(ctx, stop, c, res); err != nil {
			return nil, err
		}
		res.finish()
		return res, ctx.Err()
	}
	var next atomic.Int64 // requests handed out
	workers := make([]*worker, c)
	var wg sync.WaitGroup
	start := time.Now()
	var interval time.Duration
	if l.Rate > 0 {
		interval = time.Duration(float64(time.Second) / l.Rate)
	}
	var done atomic.Int64
	closer := newConnCloser()
	defer closer.wait() // after Elapsed: the last close is not the load's time
	for i := range workers {
		w := newWorker(l, stop)
		w.closer = closer
		w.samples = make([]Sample, 0, l.Requests/c+1)
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer w.close()
			for ctx.Err() == nil {
				k := next.Add(1) - 1
				if k >= int64(l.Requests) {
					return
				}
				due := start
				if interval > 0 {
					due = start.Add(time.Duration(k) * interval)
					if d := time.Until(due); d > 0 {
						select {
						case <-time.After(d):
						case <-ctx.Done():
							return
						}
					}
				}
				t0 := time.Now()
				lat, err := w.do()
				if interval > 0 {
					lat = time.Since(due) // latency as the caller due at `due` saw it
					t0 = due
				}
				if errors.Is(err, errCancelled) {
					w.cancelled++ // abandoned by Stop: neither a latency nor an error
					return
				}
				l.record(w.rec, &w.samples, &done, t0.Sub(start), lat, err)
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	for _, w := range workers {
		res.Recorder.Merge(w.rec)
		res.Samples = append(res.Samples, w.samples...)
		res.NewConns += w.dials
		res.Cancelled += w.cancelled
		res.Redials += w.redials
	}
	res.finish()
	return res, ctx.Err()
}

// record keeps one request's outcome (a worker's or a loop's own recorder
// and samples) and reports progress.
func (l *Load) record(rec *stats.Recorder, samples *[]Sample, done *atomic.Int64, start, lat time.Duration, err error) {
	s := Sample{Start: start, Latency: lat}
	if err != nil {
		s.Err = err.Error()
		rec.RecordError()
	} else {
		rec.Record(lat)
	}
	*samples = append(*samples, s)
	if l.Progress != nil {
		l.Progress(int(done.Add(1)))
	}
}

// finish derives what follows from the samples: errors by message, the
// samples in time order, req/s.
func (res *Result) finish() {
	for _, s := range res.Samples {
		if s.Err != "" {
			res.Errors[s.Err]++
		}
	}
	sortSamples(res.Samples)
	if res.Elapsed > 0 {
		res.ReqPerSec = float64(res.Recorder.Count()) / res.Elapsed.Seconds()
	}
}

// worker is one connection's worth of client: the request bytes built once,
// one read buffer, no allocation per request on a kept-alive connection.
type worker struct {
	l         Load
	req       []byte
	buf       []byte
	dialer    *rawDialer
	dialErr   error
	conn      conn
	closer    *connCloser // nil: connections are closed where they end
	p         respParser
	rec       *stats.Recorder
	samples   []Sample
	dials     int64
	redials   int64 // kept-alive connections found closed and dialed again
	cancelled int64
}

func newWorker(l Load, stop *atomic.Bool) *worker {
	conn := "Connection: close\r\n"
	proto := "HTTP/1.0"
	if l.KeepAlive {
		conn, proto = "", "HTTP/1.1"
	}
	req := "GET " + l.Target.Path + " " + proto + "\r\nHost: " + l.Target.Host + "\r\nUser-Agent: benchtop\r\nAccept: */*\r\n" + conn + "\r\n"
	w := &worker{l: l, req: []byte(req), buf: make([]byte, 64<<10), rec: stats.NewRecorder()}
	w.dialer, w.dialErr = newRawDialer(l.Target, l.Timeout)
	if w.dialer != nil {
		w.dialer.single = l.OutOfProcess && max(l.Concurrency, 1) == 1
		w.dialer.stop = stop
	}
	return w
}

// conn is the little the client needs of a connection. SetDeadline starts
// a request: every read and write of it ends by t.
type conn interface {
	Read([]byte) (int, error)
	Write([]byte) (int, error)
	Close() error
	SetDeadline(t time.Time) error
}

func (w *worker) close() {
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}

// release ends the worker's connection after a request: through its closer
// when it has one, else at once.
func (w *worker) release() {
	if w.closer == nil || w.conn == nil {
		w.close()
		return
	}
	w.closer.q <- w.conn
	w.conn = nil
}

// do sends one request and reads the whole response; the latency includes
// the connect when a new connection is opened (as ab's does). A kept-alive
// connection that the server closed while idle is redialed once, as
// browsers and Go's transport do: the request never reached the server.
func (w *worker) do() (time.Duration, error) {
	t0 := time.Now()
	if w.dialErr != nil {
		return 0, w.dialErr
	}
	deadline := t0.Add(w.l.Timeout) // the whole request, connect included
	for attempt := 0; ; attempt++ {
		reused := w.conn != nil
		if !reused {
			c, err := w.dialer.dial(deadline)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return time.Since(t0), fmt.Errorf("timed out after %v: %w", w.l.Timeout, err)
			}
			if err != nil {
				return time.Since(t0), err
			}
			w.conn = c
			w.dials++
		} else if err := w.conn.SetDeadline(deadline); err != nil {
			w.close() // a socket that takes no deadline is not reused
			return time.Since(t0), err
		}
		status, closeAfter, got, err := w.exchange()
		if err != nil && reused && got == 0 && attempt == 0 && staleConn(err) {
			w.close()
			w.redials++
			continue
		}
		lat := time.Since(t0)
		if err != nil || closeAfter || !w.l.KeepAlive {
			w.release()
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return lat, fmt.Errorf("timed out after %v: %w", w.l.Timeout, err)
		}
		if err != nil {
			return lat, err
		}
		if err := results.StatusError(status); err != nil {
			return lat, err
		}
		return lat, nil
	}
}

// exchange writes the request and reads the response; got is how many
// response bytes arrived.
func (w *worker) exchange() (status int, closeAfter bool, got int, err error) {
	if _, err := w.conn.Write(w.req); err != nil {
		return 0, true, 0, err
	}
	return w.readResponse()
}

// staleConn tells a connection the server had already closed: EOF, reset or
// broken pipe before any byte of the response.
func staleConn(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

var (
	errMalformed = errors.New("malformed HTTP response")
	crlf2        = []byte("\r\n\r\n")
	crlf         = []byte("\r\n")
	colon        = []byte(":")
)

// readResponse reads one whole response with the parser the event loops
// use (one home for HTTP framing); got is how many of its bytes arrived.
func (w *worker) readResponse() (status int, closeAfter bool, got int, err error) {
	w.p.reset()
	n := 0 // bytes in buf not yet parsed
	for {
		if n == len(w.buf) {
			return 0, true, got, errTooLong
		}
		m, rerr := w.conn.Read(w.buf[n:])
		n += m
		got += m
		if m > 0 {
			used, done, perr := w.p.feed(w.buf[:n])
			if perr != nil {
				return 0, true, got, perr
			}
			n = copy(w.buf, w.buf[used:n])
			if done {
				return w.p.status, w.p.closeAfter, got, nil
			}
		}
		switch {
		case rerr == nil:
		case rerr != io.EOF:
			return 0, true, got, rerr
		case w.p.eof(): // a body framed by the connection's end
			return w.p.status, true, got, nil
		case got > 0:
			return 0, true, got, w.p.cutShort(rerr)
		default:
			return 0, true, 0, fmt.Errorf("connection closed before a response: %w", rerr)
		}
	}
}

func atoi(b []byte) int {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}

func hexSize(b []byte) (int, bool) {
	if i := bytes.IndexByte(b, ';'); i >= 0 {
		b = b[:i]
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0, false
	}
	v := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			v = v*16 + int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v*16 + int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v*16 + int(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
