package infargate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"

	"benchtop/internal/awscred"
)

// loadConfig is the SDK's configuration for the options' region and
// profile. The SDK's own log is off: its one unbidden line, IMDS's "WARN
// falling back to IMDSv1" where something other than an instance's
// metadata service answers 169.254.169.254, is noise before the error
// that says what went wrong (account's).
func loadConfig(ctx context.Context, o Options) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
	opts = append(opts, o.AWSOptions...)
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	if o.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.Profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, fmt.Errorf("AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return cfg, fmt.Errorf("no AWS region: pass --region, set AWS_REGION, or set region in the profile")
	}
	return cfg, nil
}

// account returns the caller's account id, or noAccount's error.
func account(ctx context.Context, cfg aws.Config) (string, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(cctx, &sts.GetCallerIdentityInput{})
	if err == nil && aws.ToString(out.Account) == "" {
		err = errors.New("STS answered without one")
	}
	if err != nil {
		return "", noAccount(err)
	}
	return aws.ToString(out.Account), nil
}

// noAccount says why STS did not say whose account this is, in one line:
// "AWS did not say whose account this is …: could not get credentials
// (no EC2 IMDS role found, …)", the SDK's reason redacted.
func noAccount(err error) error {
	return fmt.Errorf("AWS did not say whose account this is (sts:GetCallerIdentity): %s; %s", awscred.Reason(err), awscred.Hint)
}

func notFound(err error) bool {
	s := err.Error()
	return strings.Contains(s, "NotFound") || strings.Contains(s, "NoSuchEntity") || strings.Contains(s, "does not exist") ||
		strings.Contains(s, "not found")
}

// describeAWS turns an SDK error into one line; AccessDenied says what to
// grant.
func describeAWS(doing string, err error) error {
	s := err.Error()
	if strings.Contains(s, "AccessDenied") || strings.Contains(s, "not authorized") {
		return fmt.Errorf("%s: access denied: your credentials need that action for the run on Fargate (docs/sockets.md lists them all, under Sockets on Fargate): %s", doing, s)
	}
	if i := strings.Index(s, "api error "); i >= 0 {
		s = s[i+len("api error "):]
	}
	return fmt.Errorf("%s: %s", doing, s)
}
