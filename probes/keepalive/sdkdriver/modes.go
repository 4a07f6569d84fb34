package sdkdriver

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// SDK names (the --sdk values).
const (
	Go     = "go"     // aws-sdk-go-v2, in process
	Python = "python" // boto3 through python3
	JS     = "js"     // @aws-sdk/client-dynamodb v3 through node
)

// All SDKs in display order.
var All = []string{Go, Python, JS}

// Label names an SDK as its users do.
func Label(sdk string) string {
	switch sdk {
	case Python:
		return "boto3"
	case JS:
		return "AWS SDK for JavaScript v3"
	}
	return "aws-sdk-go-v2"
}

// settings says, for each SDK, what each keep-alive mode sets, in that
// SDK's own words. A mode missing here has no such setting in that SDK.
var settings = map[string]map[string]string{
	Go: {
		"reuse":         "SDK defaults: BuildableClient, MaxIdleConnsPerHost 10, IdleConnTimeout 90 s",
		"noreuse":       "Transport.DisableKeepAlives",
		"noreuse-tcpka": "DisableKeepAlives, dialer KeepAlive 15 s",
		"overflow":      "MaxIdleConnsPerHost=POOL with CONCURRENCY concurrent calls: extras are opened, then closed",
		"idle":          "IdleConnTimeout=IDLE, shorter than the interval",
		"newclient":     "a new dynamodb.Client and HTTP client per call",
	},
	Python: {
		"reuse":         "boto3 defaults: urllib3 pool, max_pool_connections 10, connections kept open",
		"noreuse":       "a 'Connection: close' header on every request (before-send event): the server closes, urllib3 reconnects",
		"noreuse-tcpka": "noreuse, plus Config(tcp_keepalive=True) (SO_KEEPALIVE)",
		"overflow":      "Config(max_pool_connections=POOL) with CONCURRENCY concurrent calls on one client: extras are opened, then discarded (\"Connection pool is full\")",
		"newclient":     "a new boto3 client per call (its own pool), closed after the call",
	},
	JS: {
		"reuse":         "SDK defaults: NodeHttpHandler's https.Agent({keepAlive: true, maxSockets: 50})",
		"noreuse":       "https.Agent({keepAlive: false}): 'Connection: close', a new socket per call",
		"noreuse-tcpka": "noreuse, plus socket.setKeepAlive(true) on every socket (SO_KEEPALIVE)",
		"overflow":      "Agent maxFreeSockets=POOL with CONCURRENCY concurrent calls: extras are opened, then destroyed (maxSockets would queue them instead)",
		"idle":          "Agent timeout=IDLE, shorter than the interval: an idle pooled socket is destroyed",
		"newclient":     "a new DynamoDBClient (and agent) per call, destroyed after the call",
	},
}

// whyNot explains a mode an SDK has no setting for.
var whyNot = map[string]map[string]string{
	Python: {"idle": "urllib3 has no client-side idle timeout: a pooled connection stays until the server closes it (in the lab: lab idle close)"},
}

// Setting says what mode sets in sdk, or why sdk cannot run it.
func Setting(sdk, mode string) (string, error) {
	if s, ok := settings[sdk][mode]; ok {
		return s, nil
	}
	if _, ok := settings[sdk]; !ok {
		return "", fmt.Errorf("unknown SDK %q (want %s)", sdk, strings.Join(All, ", "))
	}
	return "", fmt.Errorf("mode %s cannot run with %s: %s", mode, Label(sdk), whyNotRun(sdk, mode))
}

// ModeHelp says in a line what mode sets in sdk, or why it cannot run
// there (for the CLI's help and the tab's list).
func ModeHelp(sdk, mode string) string {
	if s, ok := settings[sdk][mode]; ok {
		return s
	}
	return "not available: " + whyNotRun(sdk, mode)
}

func whyNotRun(sdk, mode string) string {
	if why := whyNot[sdk][mode]; why != "" {
		return why
	}
	return "no such setting"
}

// WorstCall bounds one call of sdk whose attempts each end within timeout:
// every attempt timing out, and the SDK's backoff between them (Go and
// JavaScript try 3 times; boto3 tries a DynamoDB call up to 10 times, with
// up to ~25 s of backoff in all).
func WorstCall(sdk string, timeout time.Duration) time.Duration {
	if sdk == Python {
		return 10*timeout + 30*time.Second
	}
	return 3*timeout + 5*time.Second
}

// TCPKeepAliveDefault is what each SDK does about SO_KEEPALIVE when left alone.
func TCPKeepAliveDefault(sdk string) string {
	switch sdk {
	case Python:
		return "off (botocore's tcp_keepalive=False unless the AWS config file sets it)"
	case JS:
		return "on once a socket is pooled (Agent keepAlive: SO_KEEPALIVE after 1 s idle)"
	}
	return "on, 30 s (the SDK's dialer KeepAlive)"
}

// Parse reads a comma-separated list of SDKs ("all" for every one).
func Parse(s string) ([]string, error) {
	if strings.TrimSpace(s) == "all" {
		return append([]string(nil), All...), nil
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.ToLower(strings.TrimSpace(p))
		switch p {
		case "":
			continue
		case "boto3":
			p = Python
		case "javascript", "node":
			p = JS
		}
		if _, ok := settings[p]; !ok {
			return nil, fmt.Errorf("unknown SDK %q (want %s, or all)", p, strings.Join(All, ", "))
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no SDK named (want %s)", strings.Join(All, ", "))
	}
	sort.SliceStable(out, func(i, j int) bool { return index(out[i]) < index(out[j]) })
	return out, nil
}

func index(sdk string) int {
	for i, s := range All {
		if s == sdk {
			return i
		}
	}
	return len(All)
}
