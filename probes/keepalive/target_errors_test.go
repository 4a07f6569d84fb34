package keepalive

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Issue 22: a URL target's redirect is a failed call that says so, as in
// the sockets probe (it was counted as a success, or followed elsewhere);
// a certificate nobody trusts is named as such ("unknown authority"), not
// cut to the end of Go's long message.
func TestURLTargetErrorsAreNamed(t *testing.T) {
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		_, _ = w.Write([]byte("ok")) // the client's checks see a write that failed
	}))
	defer srv.Close()
	run, err := Run(context.Background(), withDefaults(Config{Target: srv.URL + "/moved", Modes: []string{ModeReuse}, Calls: 2, Interval: 1}))
	g := run.Group(ModeReuse)
	if err != nil || g.Summary.Errors != 2 || !strings.HasPrefix(g.Samples[0].Err, "HTTP 302 (a redirect, not followed") || hits != 2 {
		t.Fatalf("302: %v, %d errors, %q, %d requests", err, g.Summary.Errors, g.Samples[0].Err, hits)
	}

	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	defer tlsSrv.Close()
	run, err = Run(context.Background(), withDefaults(Config{Target: tlsSrv.URL + "/", Modes: []string{ModeReuse}, Calls: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if e := run.Group(ModeReuse).Samples[0].Err; !strings.Contains(e, "unknown authority") {
		t.Fatalf("TLS error %q does not say unknown authority", e)
	}
}

// Go's message for a certificate signed by a key other than the trusted
// authority's of the same name ends in "(possibly because of "x509: …"
// while trying to verify candidate authority …)": the probe kept only
// what followed its last colon, and lost "unknown authority".
func TestTLSErrorKeepsUnknownAuthority(t *testing.T) {
	trusted, _, _ := selfSigned("Benchtop test CA")
	impostor, _, _ := selfSigned("Benchtop test CA") // same name, another key
	pool := x509.NewCertPool()
	pool.AddCert(trusted.Leaf)
	_, verr := impostor.Leaf.Verify(x509.VerifyOptions{Roots: pool})
	if verr == nil || !strings.Contains(verr.Error(), "possibly because of") {
		t.Fatalf("not the long message: %v", verr)
	}
	err := &url.Error{Op: "Put", URL: "https://dynamodb.eu-west-1.amazonaws.com/" + strings.Repeat("x", 150),
		Err: &tls.CertificateVerificationError{Err: verr}}
	if got := describeErr(err); !strings.HasPrefix(got, "TLS: x509: certificate signed by unknown authority") {
		t.Fatalf("got %q", got)
	}
}
