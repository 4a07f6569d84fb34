package keepalive

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"benchtop/internal/measure/results"
	"benchtop/internal/testenv"
	"benchtop/probes/keepalive/sdkdriver"
)

// needSDKs fails (in CI) or skips when python3 with boto3, or node, is missing.
func needSDKs(t *testing.T) {
	t.Helper()
	_, err := sdkdriver.FindPython(context.Background())
	testenv.Need(t, "python3 with boto3", err)
	_, err = sdkdriver.FindNode()
	testenv.Need(t, "Node.js", err)
	testenv.SDKData(t)
}

// The three SDKs side by side against the lab, mode for mode: every call
// made, every connection the transports say they opened is one the lab
// accepted, every item stored, no credential in the result.
func TestSDKsSideBySideAgainstLab(t *testing.T) {
	needSDKs(t)
	var lab *Lab
	cfg := withDefaults(Config{Target: TargetLab, SDKs: []string{sdkdriver.Go, sdkdriver.Python, sdkdriver.JS},
		Modes: []string{ModeReuse, ModeNoReuse, ModeNoReuseTCPKA, ModeOverflow, ModeNewClient}, Calls: 4, Interval: 150 * time.Millisecond,
		Concurrency: 4, Pool: 2, Lab: LabOptions{ServiceTime: 2 * time.Millisecond}})
	cfg.OnLab = func(l *Lab) { lab = l }
	run, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Groups) != 15 {
		t.Fatalf("%d groups, want 3 SDKs × 5 modes", len(run.Groups))
	}
	var dials, calls int64
	for _, g := range run.Groups {
		want := int64(4)
		if strings.HasSuffix(g.Name, "/"+ModeOverflow) {
			want = 16
		}
		if g.Summary.Count != want || g.Summary.Errors != 0 {
			t.Fatalf("%s: %d ok, %d errors (%+v)", g.Name, g.Summary.Count, g.Summary.Errors, g.Samples[0])
		}
		calls += want
		dials += g.Counters[results.CounterDials]
		c := g.Counters
		switch {
		case strings.HasSuffix(g.Name, "/"+ModeReuse):
			if c[results.CounterNewConnections] != 1 || c[results.CounterDials] != 1 {
				t.Errorf("%s: %v, want one connection for four calls", g.Name, c)
			}
		case strings.HasSuffix(g.Name, "/"+ModeNoReuse), strings.HasSuffix(g.Name, "/"+ModeNewClient), strings.HasSuffix(g.Name, "/"+ModeNoReuseTCPKA):
			if c[results.CounterNewConnections] != 4 || c[results.CounterDials] != 4 || c[results.CounterTLSHandshakes] != 4 || c[results.CounterDNSLookups] != 4 {
				t.Errorf("%s: %v, want four new connections, each with DNS and TLS", g.Name, c)
			}
		case strings.HasSuffix(g.Name, "/"+ModeOverflow):
			// four concurrent calls, a pool of two: ≥ 4 connections on the
			// first tick, and extras opened again later
			if c[results.CounterDials] < 4 {
				t.Errorf("%s: %v, want at least 4 connections", g.Name, c)
			}
		}
		if !strings.HasPrefix(g.Name, "go/") {
			// the transport's own count (urllib3's log, Node's agent) agrees with the sockets opened
			var logged int64
			for _, s := range g.Samples {
				logged += s.Counts["transport_new"]
			}
			if logged != c[results.CounterDials] {
				t.Errorf("%s: the transport logged %d new connections, %d sockets were opened", g.Name, logged, c[results.CounterDials])
			}
		}
	}
	// one more: the table check before the run (Go's set-up client)
	if got := lab.Connections.Load(); got != dials+1 {
		t.Errorf("the lab accepted %d connections, the SDKs opened %d (+1 for the table check)", got, dials)
	}
	if n := lab.Items(cfg.Table); int64(n) != calls {
		t.Errorf("the lab holds %d items, want %d", n, calls)
	}
	// boto3: pool overflow is urllib3 discarding connections, and
	// tcp_keepalive=True is SO_KEEPALIVE on the socket, nothing more
	var discarded, ka, kaNoreuse int64
	for _, s := range run.Group("python/" + ModeOverflow).Samples {
		discarded += s.Counts["discarded"]
	}
	for _, s := range run.Group("python/" + ModeNoReuseTCPKA).Samples {
		ka += s.Counts["so_keepalive"]
	}
	for _, s := range run.Group("python/" + ModeNoReuse).Samples {
		kaNoreuse += s.Counts["so_keepalive"]
	}
	if discarded == 0 || ka != 4 || kaNoreuse != 0 {
		t.Errorf("boto3: %d discarded in overflow; SO_KEEPALIVE on %d of 4 noreuse-tcpka and %d of 4 noreuse sockets", discarded, ka, kaNoreuse)
	}
	for _, k := range []string{"sdk_go", "sdk_python", "sdk_js"} {
		if run.Config[k] == "" {
			t.Errorf("no %s in %v", k, run.Config)
		}
	}
	if !strings.Contains(run.Config["sdk_python"], "boto3 ") || !strings.Contains(run.Config["sdk_js"], "client-dynamodb "+sdkdriver.JSSDKVersion) {
		t.Errorf("versions: %q, %q", run.Config["sdk_python"], run.Config["sdk_js"])
	}
	b, _ := json.Marshal(run)
	if strings.Contains(string(b), "benchtop-lab-secret") {
		t.Error("the lab's secret key is in the result")
	}
}

// With an emulated round trip R, a new connection from each SDK pays DNS,
// TCP, TLS (R in TLS 1.3, 2R in 1.2) and the request: ≥ 4R (1.3) or 5R
// (1.2) in all, each phase its share; a reused one about R.
func TestSDKsPayTheLabsRoundTrips(t *testing.T) {
	needSDKs(t)
	const rtt = 60 * time.Millisecond
	r := float64(rtt.Microseconds())
	for _, tlsv := range []string{"1.3", "1.2"} {
		handshakes := 1.0
		if tlsv == "1.2" {
			handshakes = 2
		}
		cfg := withDefaults(Config{Target: TargetLab, SDKs: []string{sdkdriver.Python, sdkdriver.JS},
			Modes: []string{ModeReuse, ModeNoReuse}, Calls: 4, Interval: 350 * time.Millisecond,
			Lab: LabOptions{ServiceTime: time.Millisecond, EmulatedRTT: rtt, TLSVersion: tlsv}})
		run, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, sdk := range []string{"python", "js"} {
			resumed := 0
			for _, s := range run.Group(sdk + "/" + ModeNoReuse).Samples {
				// Node's agent caches TLS sessions: a resumed TLS 1.2
				// handshake is abbreviated to one round trip
				hs := handshakes
				if s.Counts["tls_resumed"] > 0 {
					hs = 1
					resumed++
				}
				if s.LatencyUS < (3+hs)*r*0.95 || s.Err != "" {
					t.Errorf("TLS %s, %s noreuse call %d: %.1f ms (%s), want ≥ %.0f RTT; phases %v", tlsv, sdk, s.Seq, s.LatencyUS/1000, s.Err, 3+hs, s.Phases)
				}
				if s.Phases["dns"] < 0.9*r || s.Phases["connect"] < 0.9*r || s.Phases["tls"] < 0.9*hs*r || s.Phases["first_byte"] < 0.9*r || s.Phases["first_byte"] > 2*r {
					t.Errorf("TLS %s, %s noreuse call %d: phases %v, want DNS, connect and first byte ≥ 1 RTT, TLS ≥ %.0f", tlsv, sdk, s.Seq, s.Phases, hs)
				}
			}
			if want := map[string]int{"python": 0, "js": 3}[sdk]; resumed != want {
				t.Errorf("TLS %s, %s: %d of 4 new connections resumed a TLS session, want %d (urllib3 keeps no sessions; Node's agent does, after the first)", tlsv, sdk, resumed, want)
			}
			for _, s := range run.Group(sdk + "/" + ModeReuse).Samples[1:] {
				if s.LatencyUS < r || s.LatencyUS > 2*r || s.Tags["conn"] != "reused" {
					t.Errorf("TLS %s, %s reuse call %d: %.1f ms on a %s connection, want one RTT (%v) and a reused connection", tlsv, sdk, s.Seq, s.LatencyUS/1000, s.Tags["conn"], rtt)
				}
			}
		}
	}
}

func TestSDKSettingsThatDoNotExist(t *testing.T) {
	for _, c := range []struct {
		cfg   Config
		field string
		want  string
	}{
		{Config{SDKs: []string{"python"}, Modes: []string{ModeIdle}}, "modes", "no client-side idle timeout"},
		{Config{SDKs: []string{"python"}, TCPKeepAlive: TCPKeepAlive{Period: time.Second}}, "tcp-keepalive", "takes no period"},
		{Config{SDKs: []string{"js"}, Target: "https://user:pw@example.com/"}, "sdk", "target is lab or aws"},
		{Config{SDKs: []string{"ruby"}}, "sdk", "unknown SDK"},
	} {
		cfg := withDefaults(c.cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "pw@") {
			t.Errorf("%+v: %v, want %q", c.cfg, err, c.want)
		}
	}
}

// countingProxy forwards TCP connections to addr and counts those it accepted.
func countingProxy(t *testing.T, addr string) (string, *atomic.Int64) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	var n atomic.Int64
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			go func() {
				defer c.Close()
				u, err := net.Dial("tcp", addr)
				if err != nil {
					t.Logf("proxy: %v", err)
					return
				}
				defer u.Close()
				// a proxy's copies end when either side closes: their
				// errors are the ends of connections the test counts
				go func() { _, _ = io.Copy(u, c); _ = u.(*net.TCPConn).CloseWrite() }()
				_, _ = io.Copy(c, u)
			}()
		}
	}()
	return l.Addr().String(), &n
}

// Each SDK against dynalite (a DynamoDB by a third party), through a proxy
// that counts the connections it accepted: the SDK's count is the server's.
func TestSDKsAgainstDynalite(t *testing.T) {
	needSDKs(t)
	dyn := startDynalite(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "benchtop")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "benchtop-dynalite-secret")
	direct := func(sdk string) Config {
		return withDefaults(Config{Target: TargetAWS, Endpoint: dyn, Region: "us-east-1", Table: "sdkprobe", CreateTable: true,
			SDKs: []string{sdk}, Modes: []string{ModeReuse, ModeNoReuse, ModeNewClient}, Calls: 5, Interval: 60 * time.Millisecond})
	}
	// the table first, straight to dynalite: through the proxy, set-up is
	// then one DescribeTable on one connection
	p := &prober{cfg: direct(sdkdriver.Go)}
	if err := p.cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := p.loadAWS(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := p.ensureTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	count := func() int32 {
		out, err := p.setupClient().Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String("sdkprobe"), Select: types.SelectCount})
		if err != nil {
			t.Fatal(err)
		}
		return out.Count
	}
	proxy, accepted := countingProxy(t, strings.TrimPrefix(dyn, "http://"))
	for _, sdk := range []string{sdkdriver.Python, sdkdriver.JS} {
		cfg := direct(sdk)
		cfg.Endpoint = "http://" + proxy
		before := accepted.Load()
		run, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		var dials int64
		for _, g := range run.Groups {
			if g.Summary.Count != 5 || g.Summary.Errors != 0 {
				t.Fatalf("%s: %d ok, %d errors (%+v)", g.Name, g.Summary.Count, g.Summary.Errors, g.Samples[0])
			}
			dials += g.Counters[results.CounterDials]
			if g.Counters[results.CounterTLSHandshakes] != 0 || g.Counters[results.CounterDNSLookups] != 0 {
				t.Errorf("%s: %v: plain HTTP to an IP address has neither TLS nor DNS", g.Name, g.Counters)
			}
		}
		if c := run.Group(sdk + "/" + ModeReuse).Counters; c[results.CounterDials] != 1 {
			t.Errorf("%s reuse: %v", sdk, c)
		}
		if c := run.Group(sdk + "/" + ModeNoReuse).Counters; c[results.CounterDials] != 5 {
			t.Errorf("%s noreuse: %v", sdk, c)
		}
		if got := accepted.Load() - before; got != dials+1 {
			t.Errorf("%s: dynalite accepted %d connections, the SDK opened %d (+1 for the table check)", sdk, got, dials)
		}
		b, _ := json.Marshal(run)
		if strings.Contains(string(b), "benchtop-dynalite-secret") {
			t.Errorf("%s: the secret key is in the result", sdk)
		}
	}
	if n := count(); n != 30 {
		t.Fatalf("dynalite holds %d items, want 2 SDKs × 15", n)
	}
	// --cleanup deletes what the drivers wrote, and only that
	cfg := direct(sdkdriver.JS)
	cfg.Cleanup = true
	run, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 30 || !strings.Contains(strings.Join(run.Notes, " "), "deleted the 15 items") {
		t.Fatalf("after a cleaned-up run dynalite holds %d items, want 30; notes %v", n, run.Notes)
	}
}

// Debian 12's boto3 1.26 on urllib3 1.26 and a current boto3 on urllib3 2
// wrap sockets in different functions: both are counted and timed.
func TestBoto3OfDebianAndOfPyPI(t *testing.T) {
	needSDKs(t)
	err := exec.Command("/usr/bin/python3", "-c", "import boto3").Run()
	testenv.Need(t, "Debian's python3-boto3", err)
	seen := map[string]bool{}
	for _, py := range []string{"", "/usr/bin/python3"} {
		t.Setenv("BENCHTOP_PYTHON", py)
		var lab *Lab
		cfg := withDefaults(Config{Target: TargetLab, SDKs: []string{sdkdriver.Python}, Modes: []string{ModeReuse, ModeNoReuseTCPKA, ModeOverflow},
			Calls: 3, Interval: 100 * time.Millisecond, Concurrency: 3, Pool: 1})
		cfg.OnLab = func(l *Lab) { lab = l }
		run, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		seen[run.Config["sdk_python"]] = true
		var dials int64
		for _, g := range run.Groups {
			if g.Summary.Errors != 0 {
				t.Fatalf("%s %s: %+v", run.Config["sdk_python"], g.Name, g.Samples[0])
			}
			dials += g.Counters[results.CounterDials]
			var logged int64
			for _, s := range g.Samples {
				logged += s.Counts["transport_new"]
			}
			if logged != g.Counters[results.CounterDials] {
				t.Errorf("%s %s: urllib3 logged %d new connections, %d sockets were opened", run.Config["sdk_python"], g.Name, logged, g.Counters[results.CounterDials])
			}
			for _, s := range g.Samples {
				if s.Tags["conn"] == "new" && (s.Phases["tls"] <= 0 || s.Phases["connect"] <= 0 || s.Phases["dns"] <= 0) {
					t.Errorf("%s %s call %d: new connection without DNS, connect and TLS times: %v", run.Config["sdk_python"], g.Name, s.Seq, s.Phases)
				}
			}
		}
		if got := lab.Connections.Load(); got != dials+1 {
			t.Errorf("%s: the lab accepted %d connections, boto3 opened %d (+1 for the table check)", run.Config["sdk_python"], got, dials)
		}
		if c := run.Group("python/" + ModeReuse).Counters; c[results.CounterDials] != 1 {
			t.Errorf("%s reuse: %v", run.Config["sdk_python"], c)
		}
	}
	if len(seen) != 2 {
		t.Logf("one boto3 on both interpreters: %v", seen)
	}
}
