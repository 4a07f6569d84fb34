package keepalive

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"benchtop/internal/measure/results"
	"benchtop/internal/settings"

	"benchtop/internal/testenv"
)

func startDynalite(t *testing.T) string { return testenv.Dynalite(t) }

func TestProbeAgainstDynalite(t *testing.T) {
	endpoint := startDynalite(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "benchtop")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "benchtop")
	ctx := context.Background()
	cfg := withDefaults(Config{Target: TargetAWS, Endpoint: endpoint, Region: "us-east-1", Table: "probe", Modes: []string{ModeReuse, ModeNoReuse},
		Calls: 8, Interval: 10 * time.Millisecond})

	// without --create-table a missing table is a clear error
	var se *settings.Error
	if _, err := Run(ctx, cfg); !errors.As(err, &se) || se.Field != "create-table" || !strings.Contains(err.Error(), "allow creating it") {
		t.Fatalf("missing table: %v", err)
	}
	cfg.CreateTable = true
	run, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range run.Groups {
		if g.Summary.Count != 8 || g.Summary.Errors != 0 {
			t.Fatalf("%s: %d ok, %d errors (%+v)", g.Name, g.Summary.Count, g.Summary.Errors, g.Samples[0])
		}
	}
	// plain HTTP: no TLS phase; reuse opens one connection, noreuse eight.
	// A call tagged write_error (net/http's request write reported EOF as
	// the response was already in: seen in CI on a loaded machine; the
	// transport drops that connection) makes the next call dial: each such
	// call but the last accounts for exactly one more.
	reuse := run.Group(ModeReuse)
	want := int64(1)
	for i, s := range reuse.Samples {
		if s.Tags["write_error"] != "" && i < len(reuse.Samples)-1 {
			want++
		}
	}
	if c := reuse.Counters; c[results.CounterNewConnections] != want || c[results.CounterTLSHandshakes] != 0 || want > 3 {
		t.Fatalf("reuse counters %v, want %d new connections (write errors: %s)", c, want, firstWriteErr(run))
	}
	if c := run.Group(ModeNoReuse).Counters; c[results.CounterNewConnections] != 8 {
		t.Fatalf("noreuse counters %v", c)
	}

	// the items really arrived in dynalite: read them back with our own client
	awsCfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("benchtop", "benchtop", "")))
	if err != nil {
		t.Fatal(err)
	}
	db := dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
	count := func() int32 {
		out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("probe"), Select: types.SelectCount})
		if err != nil {
			t.Fatal(err)
		}
		return out.Count
	}
	if n := count(); n != 16 {
		t.Fatalf("dynalite holds %d items, want 16", n)
	}
	key := fmt.Sprintf("benchtop#%s#%s#%06d", run.ID, ModeNoReuse, 3)
	got, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("probe"), Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: key}}})
	if err != nil || got.Item["mode"].(*types.AttributeValueMemberS).Value != ModeNoReuse {
		t.Fatalf("item %s: %v %+v", key, err, got)
	}

	// --cleanup deletes what the run wrote, and only that
	cfg.Cleanup = true
	cfg.Calls = 3
	run2, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 16 {
		t.Fatalf("after a cleaned-up run dynalite holds %d items, want the first run's 16", n)
	}
	if !strings.Contains(strings.Join(run2.Notes, " "), "deleted the 6 items") {
		t.Fatalf("notes %v", run2.Notes)
	}
	// no secret reaches the result
	for k, v := range run2.Config {
		if strings.Contains(v, "benchtop") && k != "table" && !strings.HasPrefix(v, "http") {
			t.Errorf("config %s=%q may leak a secret", k, v)
		}
	}
}
