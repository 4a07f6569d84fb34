package keepalive

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"benchtop/internal/measure/results"
)

// httpClient builds the HTTP client of one mode from the SDK's own
// BuildableClient, so the defaults are the SDK's.
func (p *prober) httpClient(mode string) *http.Client {
	bc := awshttp.NewBuildableClient().WithTimeout(p.cfg.Timeout).WithDialerOptions(func(d *net.Dialer) {
		if p.lab != nil {
			p.lab.ConfigureDialer(d)
		}
		switch {
		case mode == ModeNoReuseTCPKA:
			d.KeepAlive = 15 * time.Second
		case p.cfg.TCPKeepAlive.Off:
			d.KeepAlive = -1 // net.Dialer's "off"
		case p.cfg.TCPKeepAlive.Period > 0:
			d.KeepAlive = p.cfg.TCPKeepAlive.Period
		}
	}).WithTransportOptions(func(tr *http.Transport) {
		if p.lab != nil {
			tr.TLSClientConfig = &tls.Config{RootCAs: p.lab.Roots, MinVersion: tls.VersionTLS12}
		}
		switch mode {
		case ModeNoReuse, ModeNoReuseTCPKA:
			tr.DisableKeepAlives = true
		case ModeOverflow:
			tr.MaxIdleConnsPerHost = p.cfg.Pool
		case ModeIdle:
			tr.IdleConnTimeout = p.cfg.IdleTimeout
		}
	})
	return bc.Freeze().(*http.Client)
}

// caller makes the calls of one result group: a mode of one SDK.
type caller interface {
	group() string // the group's name: the mode, or sdk/mode when SDKs are compared
	mode() string
	call(ctx context.Context, seq, slot int, start time.Time) results.Sample
	close()
}

// goCaller makes its calls with aws-sdk-go-v2, in process.
type goCaller struct {
	p      *prober
	name   string
	m      string
	client *http.Client
	ddb    *dynamodb.Client
}

func (p *prober) newGoCaller(name, mode string) *goCaller {
	c := &goCaller{p: p, name: name, m: mode, client: p.httpClient(mode)}
	if p.isDynamo() {
		c.ddb = p.dynamo(c.client)
	}
	return c
}

func (c *goCaller) group() string { return c.name }
func (c *goCaller) mode() string  { return c.m }
func (c *goCaller) close()        { c.client.CloseIdleConnections() }

func (p *prober) dynamo(hc *http.Client) *dynamodb.Client {
	return dynamodb.NewFromConfig(p.awsCfg, func(o *dynamodb.Options) {
		o.HTTPClient = hc
		if p.lab != nil {
			o.BaseEndpoint = aws.String(p.lab.Endpoint)
		} else if p.cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(p.cfg.Endpoint)
		}
	})
}
