// Package infargatetest is what the tests of a run on Fargate share,
// in infargate and in the CLI: an HTTP client that mends moto's ECS
// answers, an in-memory registry for the client's image, benchtop-task
// built as make build builds it, the awslogs driver's part for a task
// that moto does not run, the task definition's shape checked, and lists
// of what a run left in the account (all of it, or what is tagged). It
// imports nothing of infargate (infargate's own tests use it).
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
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-containerregistry/pkg/registry"

	"benchtop/internal/measure/results"
	"benchtop/probes/sockets"
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

// Resource is one thing of a kind a run makes, with its tags.
type Resource struct {
	Kind, Name string
	Tags       map[string]string
}

func (r Resource) String() string { return r.Kind + " " + r.Name }

// Resources lists everything of the kinds a run makes that the account
// holds, each with its tags read back: task definitions (active or
// inactive), clusters not deleted, ECR repositories, log groups and IAM
// roles, whatever their names.
func Resources(t testing.TB, cfg aws.Config) []Resource {
	t.Helper()
	ctx := context.Background()
	var all []Resource
	e := ecs.NewFromConfig(cfg)
	ecsTags := func(tags []ecstypes.Tag) map[string]string {
		return tagMap(tags, func(tg ecstypes.Tag) (k, v *string) { return tg.Key, tg.Value })
	}
	for _, st := range []ecstypes.TaskDefinitionStatus{ecstypes.TaskDefinitionStatusActive, ecstypes.TaskDefinitionStatusInactive} {
		tds, err := e.ListTaskDefinitions(ctx, &ecs.ListTaskDefinitionsInput{Status: st})
		if err != nil {
			t.Fatal(err)
		}
		for _, arn := range tds.TaskDefinitionArns {
			tags, err := e.ListTagsForResource(ctx, &ecs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, Resource{"task definition", arn, ecsTags(tags.Tags)})
		}
	}
	cls, err := e.ListClusters(ctx, &ecs.ListClustersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cls.ClusterArns) > 0 {
		d, err := e.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: cls.ClusterArns, Include: []ecstypes.ClusterField{ecstypes.ClusterFieldTags}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range d.Clusters {
			if aws.ToString(c.Status) != "INACTIVE" {
				all = append(all, Resource{"cluster", aws.ToString(c.ClusterName), ecsTags(c.Tags)})
			}
		}
	}
	er := ecr.NewFromConfig(cfg)
	repos, err := er.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range repos.Repositories {
		tags, err := er.ListTagsForResource(ctx, &ecr.ListTagsForResourceInput{ResourceArn: r.RepositoryArn})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, Resource{"repository", aws.ToString(r.RepositoryName),
			tagMap(tags.Tags, func(tg ecrtypes.Tag) (k, v *string) { return tg.Key, tg.Value })})
	}
	logs := cloudwatchlogs.NewFromConfig(cfg)
	groups, err := logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups.LogGroups {
		tags, err := logs.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: g.LogGroupArn})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, Resource{"log group", aws.ToString(g.LogGroupName), tags.Tags})
	}
	ia := iam.NewFromConfig(cfg)
	roles, err := ia.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles.Roles {
		tags, err := ia.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: r.RoleName})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, Resource{"role", aws.ToString(r.RoleName),
			tagMap(tags.Tags, func(tg iamtypes.Tag) (k, v *string) { return tg.Key, tg.Value })})
	}
	return all
}

func tagMap[T any](tags []T, kv func(T) (k, v *string)) map[string]string {
	m := map[string]string{}
	for _, tg := range tags {
		k, v := kv(tg)
		m[aws.ToString(k)] = aws.ToString(v)
	}
	return m
}

// Leftovers lists every resource of the kinds a run makes. A test's fresh
// moto holds none of its own, so anything listed is what the run left.
func Leftovers(t testing.TB, cfg aws.Config) []string {
	t.Helper()
	var left []string
	for _, r := range Resources(t, cfg) {
		left = append(left, r.String())
	}
	return left
}

// Tagged lists the resources of the kinds a run makes that carry the tag
// key, whatever its value and their names.
func Tagged(t testing.TB, cfg aws.Config, key string) []string {
	t.Helper()
	var found []string
	for _, r := range Resources(t, cfg) {
		if _, ok := r.Tags[key]; ok {
			found = append(found, r.String())
		}
	}
	return found
}

// WriteResult plays the awslogs driver for a task moto does not run: a
// client's line and a run of two groups, as the client prints them with
// emit (task.Emit, which this package cannot import: task's tests import
// it), into the client's log stream.
func WriteResult(t testing.TB, cfg aws.Config, group, stream string, emit func(io.Writer, *results.Run) error) {
	t.Helper()
	run := results.New("sockets", "Socket vs TCP")
	run.Groups = []results.Group{{Name: sockets.ProxyTCP, ReqPerSec: 1000}, {Name: sockets.ProxyUnix, ReqPerSec: 1200}}
	run.Config = map[string]string{"requests": "10"}
	var b strings.Builder
	if err := emit(&b, run); err != nil {
		t.Fatal(err)
	}
	logs := cloudwatchlogs.NewFromConfig(cfg)
	ctx := context.Background()
	if _, err := logs.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream)}); err != nil {
		t.Fatal(err)
	}
	var evs []cwtypes.InputLogEvent
	now := time.Now().UnixMilli()
	for _, l := range append([]string{"client: 2 architectures answer; measuring"}, strings.Split(strings.TrimSpace(b.String()), "\n")...) {
		evs = append(evs, cwtypes.InputLogEvent{Message: aws.String(l), Timestamp: aws.Int64(now)})
	}
	if _, err := logs.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: evs}); err != nil {
		t.Fatal(err)
	}
}

// TaskDef checks that the account holds one task definition, and that it
// has the original's shape: FARGATE, awsvpc, the CPU architecture asked
// for (ECS's ARM64 or X86_64), three containers, one volume mounted by
// both nginx and the app, and the tag key. It returns it for more checks.
func TaskDef(t testing.TB, cfg aws.Config, cpuArch, tagKey string) *ecstypes.TaskDefinition {
	t.Helper()
	ctx := context.Background()
	e := ecs.NewFromConfig(cfg)
	tds, err := e.ListTaskDefinitions(ctx, &ecs.ListTaskDefinitionsInput{})
	if err != nil || len(tds.TaskDefinitionArns) != 1 {
		t.Fatalf("task definitions %v, %v: want the run's one", tds, err)
	}
	out, err := e.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(tds.TaskDefinitionArns[0]),
		Include: []ecstypes.TaskDefinitionField{ecstypes.TaskDefinitionFieldTags}})
	if err != nil {
		t.Fatal(err)
	}
	td := out.TaskDefinition
	if td.NetworkMode != ecstypes.NetworkModeAwsvpc || td.RuntimePlatform == nil || string(td.RuntimePlatform.CpuArchitecture) != cpuArch ||
		len(td.RequiresCompatibilities) != 1 || td.RequiresCompatibilities[0] != ecstypes.CompatibilityFargate {
		t.Errorf("task definition: network %s, platform %+v, compatibilities %v", td.NetworkMode, td.RuntimePlatform, td.RequiresCompatibilities)
	}
	mounted := map[string]bool{}
	for _, c := range td.ContainerDefinitions {
		for _, m := range c.MountPoints {
			if len(td.Volumes) == 1 && aws.ToString(m.SourceVolume) == aws.ToString(td.Volumes[0].Name) {
				mounted[aws.ToString(c.Name)] = true
			}
		}
	}
	if !mounted["nginx"] || !mounted["app"] || len(td.ContainerDefinitions) != 3 {
		t.Errorf("%d volumes; the shared volume is mounted by %v", len(td.Volumes), mounted)
	}
	if tags := tagMap(out.Tags, func(tg ecstypes.Tag) (k, v *string) { return tg.Key, tg.Value }); tags[tagKey] == "" {
		t.Errorf("task definition tags %v, want %s", tags, tagKey)
	}
	return td
}
