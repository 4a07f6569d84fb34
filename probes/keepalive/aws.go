package keepalive

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"

	"benchtop/internal/awscred"
	"benchtop/internal/settings"
)

func (p *prober) isDynamo() bool {
	return p.cfg.Target == TargetLab || p.cfg.Target == TargetAWS
}

// loadAWS loads the SDK configuration: the lab's static credentials, or the
// default chain (env, profile, SSO, IMDS) for AWS and endpoints.
func (p *prober) loadAWS(ctx context.Context) error {
	// the SDK's own log off: its warnings (an IMDS fallback with no
	// credentials) went to stderr beside the run's own message
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
	if p.cfg.Region != "" {
		opts = append(opts, config.WithRegion(p.cfg.Region))
	}
	if p.cfg.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(p.cfg.Profile))
	}
	if p.lab != nil {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("benchtop-lab", "benchtop-lab-secret", "")))
	}
	c, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		if p.cfg.Profile != "" {
			return &settings.Error{Field: "profile", Err: fmt.Errorf("AWS profile %q: %w", p.cfg.Profile, err), Runtime: true}
		}
		return fmt.Errorf("AWS configuration: %w", err)
	}
	if c.Region == "" {
		return errNoRegion
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := c.Credentials.Retrieve(cctx); err != nil {
		if p.cfg.Endpoint != "" {
			// local endpoints (dynalite, DynamoDB Local) accept any key
			c.Credentials = credentials.NewStaticCredentialsProvider("benchtop", "benchtop", "")
		} else {
			return errNoCredentials(awscred.Reason(err))
		}
	}
	p.awsCfg = c
	return nil
}
