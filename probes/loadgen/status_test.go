package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A redirect is a failed request that says so, in words the keep-alive
// probe uses too (issue 22: one counted a 302 as a success, the other not).
func TestRedirectIsAFailedRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	defer srv.Close()
	for _, conc := range []int{1, 2} { // the worker and the event loops
		res, err := Load{Target: Target{Network: "tcp", Addr: srv.Listener.Addr().String(), Host: "x", Path: "/"}, Requests: 4, Concurrency: conc, Timeout: 5 * time.Second}.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for msg, n := range res.Errors {
			if n != 4 || !strings.HasPrefix(msg, "HTTP 302 (a redirect, not followed") {
				t.Errorf("-c %d: %d × %q", conc, n, msg)
			}
		}
		if len(res.Errors) != 1 {
			t.Errorf("-c %d: errors %v", conc, res.Errors)
		}
	}
}

// The path of a unix: target goes into the request line as it is: a line
// break in it would add a header of the user's making to every request
// (a space would end the line). Refused, with what to do.
func TestUnixTargetPathCannotInjectHeaders(t *testing.T) {
	for _, s := range []string{"unix:/tmp/a.sock:/x\r\nX-Evil: 1", "unix:/tmp/a.sock:/a b", "unix:/tmp/a.sock:/\x1b"} {
		if _, err := ParseTarget(s); err == nil || !strings.Contains(err.Error(), "percent-encode") {
			t.Errorf("%q: %v", s, err)
		}
	}
	if tg, err := ParseTarget("unix:/tmp/a.sock:/a%20b?q=1"); err != nil || tg.Path != "/a%20b?q=1" {
		t.Errorf("an encoded path: %+v %v", tg, err)
	}
}
