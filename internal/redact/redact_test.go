package redact

import (
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	cases := map[string]string{
		"https://user:SECRET@host/?X-Amz-Security-Token=TOKEN&a=1":                                      "https://REDACTED@host/?X-Amz-Security-Token=REDACTED&a=1",
		"http://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI@127.0.0.1:8000":                                      "http://REDACTED@127.0.0.1:8000",
		"https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F2026&X-Amz-Signature=abc": "https://b.s3.amazonaws.com/k?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED",
		"https://api.example.com/v1?api_key=k1&page=2&access_token=t":                                   "https://api.example.com/v1?api_key=REDACTED&page=2&access_token=REDACTED",
		"https://example.com/plain?q=1":                                                                 "https://example.com/plain?q=1",
		"lab":                                                                                           "lab",
	}
	for in, want := range cases {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	in := `Get "https://u:SECRET@h/x?token=TOK": dial tcp: refused; key AKIAIOSFODNN7EXAMPLE; password=hunter2 and pk=item-1`
	got := Text(in)
	for _, secret := range []string{"SECRET", "TOK", "IOSFODNN7EXAMPLE", "hunter2"} {
		if strings.Contains(got, secret) {
			t.Errorf("%q still holds %q", got, secret)
		}
	}
	if !strings.Contains(got, "pk=item-1") || !strings.Contains(got, "dial tcp: refused") {
		t.Errorf("redacted too much: %q", got)
	}
}
