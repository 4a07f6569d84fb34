package infargate

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// Cleanup finds and removes what runs on Fargate left (a run killed
// before its teardown, or --keep): tasks, clusters, task definitions and
// ECR repositories named benchtop-sockets-… and tagged benchtop:run, roles
// of that name under /benchtop/ with their inline policies, and log
// groups under /benchtop/sockets/. With dryRun it only lists them.
func Cleanup(ctx context.Context, cfg aws.Config, dryRun bool, step func(string)) ([]string, error) {
	c := cleaner{ctx: ctx, dry: dryRun, step: step, ecs: ecs.NewFromConfig(cfg), ecr: ecr.NewFromConfig(cfg),
		iam: iam.NewFromConfig(cfg), logs: cloudwatchlogs.NewFromConfig(cfg)}
	for _, f := range []func() error{c.clusters, c.taskDefs, c.repos, c.logGroups, c.roles} {
		if err := f(); err != nil {
			return c.removed, err
		}
	}
	return c.removed, nil
}

type cleaner struct {
	ctx     context.Context
	dry     bool
	step    func(string)
	ecs     *ecs.Client
	ecr     *ecr.Client
	iam     *iam.Client
	logs    *cloudwatchlogs.Client
	removed []string
}

func (c *cleaner) act(what string, do func() error) error {
	if c.step != nil {
		c.step(what)
	}
	if !c.dry {
		if err := do(); err != nil && !notFound(err) {
			return describeAWS(what, err)
		}
	}
	c.removed = append(c.removed, what)
	return nil
}

func tagged(tags []ecstypes.Tag) bool {
	for _, t := range tags {
		if aws.ToString(t.Key) == TagKey && aws.ToString(t.Value) != "" {
			return true
		}
	}
	return false
}

// clusters stops their tasks and deletes them.
func (c *cleaner) clusters() error {
	p := ecs.NewListClustersPaginator(c.ecs, &ecs.ListClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(c.ctx)
		if err != nil {
			return describeAWS("listing clusters", err)
		}
		if len(page.ClusterArns) == 0 {
			continue
		}
		out, err := c.ecs.DescribeClusters(c.ctx, &ecs.DescribeClustersInput{Clusters: page.ClusterArns, Include: []ecstypes.ClusterField{ecstypes.ClusterFieldTags}})
		if err != nil {
			return describeAWS("describing clusters", err)
		}
		for _, cl := range out.Clusters {
			name := aws.ToString(cl.ClusterName)
			if !strings.HasPrefix(name, namePrefix) || !tagged(cl.Tags) || aws.ToString(cl.Status) == "INACTIVE" {
				continue
			}
			tasks, err := c.ecs.ListTasks(c.ctx, &ecs.ListTasksInput{Cluster: aws.String(name)})
			if err != nil {
				return describeAWS("listing the tasks of "+name, err)
			}
			for _, t := range tasks.TaskArns {
				if err := c.act("stop task "+t, func() error { return stopTask(c.ctx, c.ecs, name, t, (&Options{}).poll()) }); err != nil {
					return err
				}
			}
			if err := c.act("delete cluster "+name, func() error {
				_, err := c.ecs.DeleteCluster(c.ctx, &ecs.DeleteClusterInput{Cluster: aws.String(name)})
				return err
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *cleaner) taskDefs() error {
	for _, status := range []ecstypes.TaskDefinitionStatus{ecstypes.TaskDefinitionStatusActive, ecstypes.TaskDefinitionStatusInactive} {
		// familyPrefix is a whole family's name, not a prefix: list them all
		p := ecs.NewListTaskDefinitionsPaginator(c.ecs, &ecs.ListTaskDefinitionsInput{Status: status})
		for p.HasMorePages() {
			page, err := p.NextPage(c.ctx)
			if err != nil {
				return describeAWS("listing task definitions", err)
			}
			for _, arn := range page.TaskDefinitionArns {
				family, _, _ := strings.Cut(arn[strings.LastIndex(arn, "/")+1:], ":")
				if !strings.HasPrefix(family, namePrefix) {
					continue
				}
				tags, err := c.ecs.ListTagsForResource(c.ctx, &ecs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
				if err != nil || !tagged(tags.Tags) {
					continue // not ours
				}
				if err := c.act("delete task definition "+family, func() error { return deleteTaskDef(c.ctx, c.ecs, arn) }); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (c *cleaner) repos() error {
	p := ecr.NewDescribeRepositoriesPaginator(c.ecr, &ecr.DescribeRepositoriesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(c.ctx)
		if err != nil {
			return describeAWS("listing ECR repositories", err)
		}
		for _, r := range page.Repositories {
			name := aws.ToString(r.RepositoryName)
			if !strings.HasPrefix(name, namePrefix) {
				continue
			}
			tags, err := c.ecr.ListTagsForResource(c.ctx, &ecr.ListTagsForResourceInput{ResourceArn: r.RepositoryArn})
			ours := false
			if err == nil {
				for _, t := range tags.Tags {
					ours = ours || aws.ToString(t.Key) == TagKey
				}
			}
			if !ours {
				continue
			}
			if err := c.act("delete ECR repository "+name, func() error {
				_, err := c.ecr.DeleteRepository(c.ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String(name), Force: true})
				return err
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *cleaner) logGroups() error {
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(c.logs, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(logGroupPrefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(c.ctx)
		if err != nil {
			return describeAWS("listing log groups", err)
		}
		for _, g := range page.LogGroups {
			name := aws.ToString(g.LogGroupName)
			if err := c.act("delete log group "+name, func() error {
				_, err := c.logs.DeleteLogGroup(c.ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(name)})
				return err
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *cleaner) roles() error {
	p := iam.NewListRolesPaginator(c.iam, &iam.ListRolesInput{PathPrefix: aws.String("/benchtop/")})
	for p.HasMorePages() {
		page, err := p.NextPage(c.ctx)
		if err != nil {
			return describeAWS("listing roles", err)
		}
		for _, r := range page.Roles {
			name := aws.ToString(r.RoleName)
			if !strings.HasPrefix(name, namePrefix) {
				continue
			}
			if err := c.act("delete role "+name+" and its inline policies", func() error {
				pols, err := c.iam.ListRolePolicies(c.ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(name)})
				if err != nil {
					return err
				}
				for _, pn := range pols.PolicyNames {
					if _, err := c.iam.DeleteRolePolicy(c.ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(pn)}); err != nil {
						return err
					}
				}
				_, err = c.iam.DeleteRole(c.ctx, &iam.DeleteRoleInput{RoleName: aws.String(name)})
				return err
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Summary says what Cleanup did.
func Summary(removed []string, dryRun bool) string {
	if len(removed) == 0 {
		return "nothing of Benchtop's Fargate runs is left in the account"
	}
	verb := "removed"
	if dryRun {
		verb = "would remove"
	}
	return fmt.Sprintf("%s %d: %s", verb, len(removed), strings.Join(removed, "; "))
}
