// Package awscred says in one line why the AWS SDK found no credentials,
// the same way for every command that calls AWS: the SDK's reason,
// shortened and redacted, and what to do about it.
package awscred

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"benchtop/internal/redact"
)

// Hint is what to do when there are none.
const Hint = "check the credentials (--profile, AWS_PROFILE, `aws configure`, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"

// maxReason bounds the SDK's reason: a chain of wrapped errors can run to
// several hundred characters.
const maxReason = 300

// Reason is the SDK's error in one line: whitespace folded, the
// operation's wrapping dropped ("operation error STS: GetCallerIdentity,
// … api error X: …" gives "X: …"), a credential chain's last word kept
// ("could not get credentials (no EC2 IMDS role found, …)"), keys, URL
// passwords and signatures redacted.
func Reason(err error) string {
	r := strings.Join(strings.Fields(err.Error()), " ")
	if after, ok := strings.CutPrefix(r, "operation error "); ok { // the outer call's name: the caller says what it did
		if _, rest, ok := strings.Cut(after, ", "); ok {
			r = rest
		}
	}
	if i := strings.Index(r, "api error "); i >= 0 {
		r = r[i+len("api error "):]
	}
	if _, why, ok := strings.Cut(r, "get credentials: "); ok { // with none anywhere, the last place looked says why
		r = "could not get credentials (" + strings.TrimPrefix(why, "failed to refresh cached credentials, ") + ")"
	} else {
		r = strings.TrimPrefix(r, "failed to refresh cached credentials, ")
	}
	r = redact.Text(strings.TrimRight(r, ". "))
	if len(r) > maxReason {
		r = r[:maxReason] + "…"
	}
	return r
}

// Check fetches cfg's credentials (within 10 s: the chain may ask an
// instance's metadata service) and says why when there are none.
func Check(ctx context.Context, cfg aws.Config) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if cfg.Credentials == nil {
		return fmt.Errorf("no usable AWS credentials; %s", Hint)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return fmt.Errorf("no usable AWS credentials (%s); %s", Reason(err), Hint)
	}
	return nil
}
