// Package infargatetest is what the tests of a run on Fargate share,
// in infargate and in the CLI: an HTTP client that mends moto's ECS
// answers, an in-memory registry for the client's image, benchtop-task
// built as make build builds it, and a list of what a run left in the
// account. It imports nothing of infargate (infargate's own tests use it).
package infargatetest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/google/go-containerregistry/pkg/registry"
)

// HTTPClient is the SDK's HTTP client for moto: moto 5 returns a task's
// containers' cpu and memory as numbers, which ECS (and so the SDK) has as
// strings ("deserialization failed, expected string, got 0").
func HTTPClient() *http.Client { return &http.Client{Transport: motoMend{}} }

type motoMend struct{}

var reNumber = regexp.MustCompile(`"(cpu|memory)":\s*(\d+)`)

func (motoMend) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	target := r.Header.Get("X-Amz-Target")
	if err != nil || !strings.Contains(target, "ContainerServiceV") || !(strings.HasSuffix(target, "Task") || strings.HasSuffix(target, "Tasks")) {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	b = reNumber.ReplaceAll(b, []byte(`"$1": "$2"`))
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// Registry starts go-containerregistry's in-memory registry for the test
// and returns its host:port.
func Registry(t testing.TB) string {
	reg := httptest.NewServer(registry.New())
	t.Cleanup(reg.Close)
	return strings.TrimPrefix(reg.URL, "http://")
}

// Build builds benchtop-task for linux/goarch into a directory of the
// test's, as make build does (static, stripped), and returns its path.
func Build(t testing.TB, goarch string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "benchtop-task-"+goarch)
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, "benchtop/probes/sockets/infargate/taskmain")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the task program: %v\n%s", err, b)
	}
	return out
}

// Program is benchtop-task for a Go architecture, built once per
// architecture and test: what Options.Program returns.
func Program(t testing.TB) func(goarch string) ([]byte, error) {
	built := map[string]string{}
	return func(goarch string) ([]byte, error) {
		if built[goarch] == "" {
			built[goarch] = Build(t, goarch)
		}
		return os.ReadFile(built[goarch])
	}
}

// Leftovers lists what of the kinds a run makes the account holds: task
// definitions (active or inactive), clusters not deleted, ECR
// repositories, log groups and roles under /benchtop/. A test's fresh
// moto holds none of its own, so anything listed is what the run left.
func Leftovers(t testing.TB, cfg aws.Config) []string {
	t.Helper()
	ctx := context.Background()
	var left []string
	e := ecs.NewFromConfig(cfg)
	for _, st := range []ecstypes.TaskDefinitionStatus{ecstypes.TaskDefinitionStatusActive, ecstypes.TaskDefinitionStatusInactive} {
		tds, err := e.ListTaskDefinitions(ctx, &ecs.ListTaskDefinitionsInput{Status: st})
		if err != nil {
			t.Fatal(err)
		}
		left = append(left, tds.TaskDefinitionArns...)
	}
	cls, err := e.ListClusters(ctx, &ecs.ListClustersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cls.ClusterArns) > 0 {
		d, err := e.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: cls.ClusterArns})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range d.Clusters {
			if aws.ToString(c.Status) != "INACTIVE" {
				left = append(left, "cluster "+aws.ToString(c.ClusterName))
			}
		}
	}
	repos, err := ecr.NewFromConfig(cfg).DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range repos.Repositories {
		left = append(left, "repository "+aws.ToString(r.RepositoryName))
	}
	groups, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/benchtop/")})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups.LogGroups {
		left = append(left, "log group "+aws.ToString(g.LogGroupName))
	}
	roles, err := iam.NewFromConfig(cfg).ListRoles(ctx, &iam.ListRolesInput{PathPrefix: aws.String("/benchtop/")})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles.Roles {
		left = append(left, "role "+aws.ToString(r.RoleName))
	}
	return left
}
