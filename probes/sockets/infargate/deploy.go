package infargate

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-containerregistry/pkg/authn"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// deployment is what one run makes in the account, and undoes.
type deployment struct {
	o                   *Options
	runID               string
	name                string // role, repository, cluster and family
	logGroup            string
	iam                 *iam.Client
	ecs                 *ecs.Client
	ecr                 *ecr.Client
	ec2                 *ec2.Client
	logs                *cloudwatchlogs.Client
	made                []string // what to undo, in order: "role", "policy", "loggroup", "repo", "cluster", "taskdef", "task"
	taskDefARN, taskARN string
}

func newDeployment(o *Options, runID string) *deployment {
	name := namePrefix + strings.ToLower(runID)
	return &deployment{o: o, runID: runID, name: name, logGroup: logGroupPrefix + strings.ToLower(runID)}
}

func (d *deployment) connect(cfg aws.Config) {
	d.iam, d.ecs, d.ecr = iam.NewFromConfig(cfg), ecs.NewFromConfig(cfg), ecr.NewFromConfig(cfg)
	d.ec2, d.logs = ec2.NewFromConfig(cfg), cloudwatchlogs.NewFromConfig(cfg)
}

// tags is what the run tags everything it makes with: the run's id and
// the experiment (Cleanup finds them by these, not by name).
func (d *deployment) tags() map[string]string {
	return map[string]string{TagKey: d.runID, ExperimentTagKey: ExperimentTag}
}

// tagList is tags in a service's own shape, in key order.
func tagList[T any](tags map[string]string, tag func(k, v *string) T) []T {
	var out []T
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, tag(aws.String(k), aws.String(tags[k])))
	}
	return out
}

func (d *deployment) ecsTags() []ecstypes.Tag {
	return tagList(d.tags(), func(k, v *string) ecstypes.Tag { return ecstypes.Tag{Key: k, Value: v} })
}

// deploy makes the role, its policy, the log group, the repository with
// the image in it, the cluster and the task definition. What it made is
// recorded as it goes, so a deploy that fails half-way is undone by
// teardown. It returns the task definition as registered.
func (d *deployment) deploy(ctx context.Context, region, acct string) (TaskDef, error) {
	o := d.o
	program, err := o.Program(o.goarch())
	if err != nil {
		return TaskDef{}, err
	}
	img, err := Image(program, o.goarch())
	if err != nil {
		return TaskDef{}, err
	}
	o.step("creating IAM role %s (the task execution role)", d.name)
	role, err := d.iam.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(d.name), Path: aws.String("/benchtop/"),
		AssumeRolePolicyDocument: aws.String(trustPolicy), Description: aws.String("Benchtop socket bench on Fargate, run " + d.runID),
		Tags: tagList(d.tags(), func(k, v *string) iamtypes.Tag { return iamtypes.Tag{Key: k, Value: v} })})
	if err != nil {
		return TaskDef{}, describeAWS("creating the IAM role", err)
	}
	d.made = append(d.made, "role")
	o.step("allowing it to pull its image and write its log group, nothing else")
	if _, err := d.iam.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(d.name), PolicyName: aws.String(policyName),
		PolicyDocument: aws.String(Policy(region, acct, d.name, d.logGroup))}); err != nil {
		return TaskDef{}, describeAWS("attaching the role's policy", err)
	}
	d.made = append(d.made, "policy")
	o.step("creating log group %s", d.logGroup)
	if _, err := d.logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(d.logGroup),
		Tags: d.tags()}); err != nil {
		return TaskDef{}, describeAWS("creating the log group", err)
	}
	d.made = append(d.made, "loggroup")
	o.step("creating ECR repository %s", d.name)
	repo, err := d.ecr.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(d.name),
		Tags: tagList(d.tags(), func(k, v *string) ecrtypes.Tag { return ecrtypes.Tag{Key: k, Value: v} })})
	if err != nil {
		return TaskDef{}, describeAWS("creating the ECR repository", err)
	}
	d.made = append(d.made, "repo")
	uri := aws.ToString(repo.Repository.RepositoryUri)
	var auth authn.Authenticator = authn.Anonymous
	if o.Registry != "" {
		uri = o.Registry + "/" + d.name
	} else if auth, err = ecrAuth(ctx, d.ecr); err != nil {
		return TaskDef{}, err
	}
	o.step("pushing benchtop-task (linux/%s, %d MB) to %s", o.goarch(), len(program)>>20, uri)
	image, err := push(ctx, img, uri, auth)
	if err != nil {
		return TaskDef{}, err
	}
	o.step("creating ECS cluster %s", d.name)
	if _, err := d.ecs.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String(d.name), Tags: d.ecsTags()}); err != nil {
		return TaskDef{}, describeAWS("creating the cluster", err)
	}
	d.made = append(d.made, "cluster")
	td := d.taskDef(image, aws.ToString(role.Role.Arn), region)
	o.step("registering task definition %s (FARGATE, %s, %g vCPU, %d MiB)", d.name, o.ArchLabel(), o.TaskCPU, o.TaskMemoryMB)
	reg, err := d.ecs.RegisterTaskDefinition(ctx, td.input())
	if err != nil {
		return TaskDef{}, describeAWS("registering the task definition", err)
	}
	d.taskDefARN = aws.ToString(reg.TaskDefinition.TaskDefinitionArn)
	d.made = append(d.made, "taskdef")
	return td, nil
}

// start runs the task. A role just made may not be usable by ECS for a
// few seconds: RunTask is retried while it says so.
func (d *deployment) start(ctx context.Context, n network) error {
	assign := ecstypes.AssignPublicIpDisabled
	if n.publicIP {
		assign = ecstypes.AssignPublicIpEnabled
	}
	in := &ecs.RunTaskInput{Cluster: aws.String(d.name), TaskDefinition: aws.String(d.taskDefARN), LaunchType: ecstypes.LaunchTypeFargate, Count: aws.Int32(1),
		NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets: n.subnets, SecurityGroups: n.groups, AssignPublicIp: assign}},
		Tags: d.ecsTags(), PropagateTags: ecstypes.PropagateTagsTaskDefinition}
	d.o.step("starting the task in %s", n.about)
	giveUp := time.Now().Add(2 * time.Minute)
	for wait := time.Second; ; wait = min(wait*2, 8*time.Second) {
		out, err := d.ecs.RunTask(ctx, in)
		if err == nil && len(out.Tasks) > 0 {
			d.taskARN = aws.ToString(out.Tasks[0].TaskArn)
			d.made = append(d.made, "task")
			return nil
		}
		msg := ""
		if err != nil {
			msg = err.Error()
		} else if len(out.Failures) > 0 {
			msg = aws.ToString(out.Failures[0].Reason) + " " + aws.ToString(out.Failures[0].Detail)
		}
		if !strings.Contains(msg, "assume") || time.Now().After(giveUp) {
			return describeAWS("starting the task", errors.New(msg))
		}
		d.o.step("the new role is not usable yet; trying again in %v", wait)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
