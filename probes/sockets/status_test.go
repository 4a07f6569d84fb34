package sockets

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
