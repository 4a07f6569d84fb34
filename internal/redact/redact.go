package redact

import (
	"net/url"
	"regexp"
	"strings"
)

// Mask replaces a secret.
const Mask = "REDACTED"

var (
	reURL = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>` + "`" + `]+`)
	// key=value pairs whose key names a secret, inside or outside a URL
	reParam = regexp.MustCompile(`(?i)\b(x-amz-security-token|x-amz-signature|x-amz-credential|[a-z0-9_.\-]*(?:token|secret|signature|password|passwd|pwd|apikey|api_key|access_key|key|credential|auth)[a-z0-9_.\-]*)=([^&\s"'#;]+)`)
	// AWS access key IDs (long-term AKIA…, temporary ASIA…)
	reKeyID = regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`)
)

// secretParam reports whether a query parameter's name names a secret.
func secretParam(name string) bool {
	return reParam.MatchString(name + "=x")
}

// URL redacts one URL: the user info as a whole (a user name can be an
// access key) and the values of secret-named query parameters. A string
// that does not parse is redacted as text.
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return Text(raw)
	}
	if u.User != nil {
		u.User = url.User(Mask)
	}
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, p := range parts {
			k, _, found := strings.Cut(p, "=")
			name, _ := url.QueryUnescape(k)
			if found && secretParam(name) {
				parts[i] = k + "=" + Mask
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	return reKeyID.ReplaceAllString(u.String(), "${1}"+Mask)
}

// Text redacts every URL in s, every secret-named key=value pair and every
// AWS access key ID.
func Text(s string) string {
	if s == "" {
		return s
	}
	s = reURL.ReplaceAllStringFunc(s, func(m string) string {
		u, err := url.Parse(m)
		if err != nil || u.Host == "" && u.Opaque == "" {
			return m
		}
		if u.User != nil {
			u.User = url.User(Mask)
			m = u.String()
		}
		return m
	})
	s = reParam.ReplaceAllString(s, "${1}="+Mask)
	return reKeyID.ReplaceAllString(s, "${1}"+Mask)
}
