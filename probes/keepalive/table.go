package keepalive

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"benchtop/internal/settings"
)

// setupClient makes a DynamoDB client with the SDK's default HTTP client,
// for table management outside the measured calls.
func (p *prober) setupClient() *dynamodb.Client {
	return p.dynamo(p.httpClient(ModeReuse))
}

// ensureTable makes sure the table exists: the lab's is created at once;
// elsewhere it is created (on-demand billing) only when asked.
func (p *prober) ensureTable(ctx context.Context) error {
	c := p.setupClient()
	_, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(p.cfg.Table)})
	var nf *types.ResourceNotFoundException
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err() // stopped (Ctrl-C, SIGTERM): not a table problem
	case !errors.As(err, &nf):
		return fmt.Errorf("checking table %s: %s", p.cfg.Table, describeErr(err))
	case p.lab == nil && !p.cfg.CreateTable:
		return settings.Runtime("create-table", "table %q does not exist in %s: allow creating it (on-demand billing, key pk)", p.cfg.Table, p.where())
	}
	_, err = c.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(p.cfg.Table),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	})
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("creating table %s: %s", p.cfg.Table, describeErr(err))
	}
	w := dynamodb.NewTableExistsWaiter(c, func(o *dynamodb.TableExistsWaiterOptions) { o.MinDelay = 200 * time.Millisecond })
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(p.cfg.Table)}, 5*time.Minute); err != nil && ctx.Err() != nil {
		return ctx.Err()
	} else if err != nil {
		return fmt.Errorf("waiting for table %s to become active: %s", p.cfg.Table, describeErr(err))
	}
	return nil
}

func (p *prober) where() string {
	if p.cfg.Endpoint != "" {
		return p.cfg.Endpoint
	}
	return "region " + p.awsCfg.Region
}

// cleanup deletes every item the run wrote; it returns how many.
func (p *prober) cleanup(ctx context.Context) (int, error) {
	c := p.setupClient()
	p.mu.Lock()
	keys := append([]string(nil), p.written...)
	p.mu.Unlock()
	for i, k := range keys {
		_, err := c.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(p.cfg.Table),
			Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: k}}})
		if err != nil {
			return i, errors.New(describeErr(err))
		}
	}
	return len(keys), nil
}

// CleanupNote is the run's note on deleting the items it wrote.
func CleanupNote(deleted int, err error) string {
	if err != nil {
		return fmt.Sprintf("clean-up deleted %d items, then failed: %v", deleted, err)
	}
	return fmt.Sprintf("clean-up deleted the %d items this run wrote", deleted)
}

// describeErr turns SDK and network errors into one line that names the
// cause: the API error code, a refused connection, a DNS failure, a timeout.
func describeErr(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "DNS lookup of " + dnsErr.Name + " failed: " + dnsErr.Err
	}
	var cve *tls.CertificateVerificationError
	if errors.As(err, &cve) {
		// Go's x509 message can end in a long "(possibly because of …)":
		// the part that says what is wrong comes first, keep it
		msg, _, _ := strings.Cut(cve.Err.Error(), " (possibly because of")
		return "TLS: " + msg
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Op + " " + addrOf(op) + ": " + op.Err.Error()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // `Get "URL": `: the URL is the run's target, said elsewhere
	}
	s := err.Error()
	if len(s) > 300 { // keep the head, which says what failed
		s = strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}

func addrOf(op *net.OpError) string {
	if op.Addr != nil {
		return op.Addr.String()
	}
	return ""
}

// Table is the probe's DynamoDB table seen from here, for runs whose calls
// happen elsewhere (inside AWS Lambda): it is checked (or created) before,
// and the items the run wrote are deleted after, from this machine.
type Table struct{ p *prober }

// OpenTable loads the AWS configuration of cfg and makes sure the table
// exists (created only with cfg.CreateTable).
func OpenTable(ctx context.Context, cfg Config) (*Table, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	p := &prober{cfg: cfg}
	if err := p.loadAWS(ctx); err != nil {
		return nil, err
	}
	if err := p.ensureTable(ctx); err != nil {
		return nil, err
	}
	return &Table{p: p}, nil
}

// AWS is the configuration the table was opened with (region, credentials).
func (t *Table) AWS() aws.Config { return t.p.awsCfg }

// ARN is the table's ARN (what an IAM policy names).
func (t *Table) ARN(ctx context.Context) (string, error) {
	out, err := t.p.setupClient().DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(t.p.cfg.Table)})
	if err != nil {
		return "", fmt.Errorf("describing table %s: %s", t.p.cfg.Table, describeErr(err))
	}
	return aws.ToString(out.Table.TableArn), nil
}

// DeleteItems deletes the items with these keys; it returns how many.
func (t *Table) DeleteItems(ctx context.Context, keys []string) (int, error) {
	t.p.mu.Lock()
	t.p.written = append([]string(nil), keys...)
	t.p.mu.Unlock()
	return t.p.cleanup(ctx)
}
