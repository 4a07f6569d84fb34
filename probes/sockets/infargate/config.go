package infargate

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// loadConfig is the SDK's configuration for the options' region and profile.
func loadConfig(ctx context.Context, o Options) (aws.Config, error) {
	opts := append([]func(*config.LoadOptions) error(nil), o.AWSOptions...)
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

// account returns the caller's account id ("" when STS does not say).
func account(ctx context.Context, cfg aws.Config) string {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(cctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return ""
	}
	return aws.ToString(out.Account)
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
