package infargate

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// Cleanup finds and removes what runs on Fargate left (a run killed
// before its teardown, or --keep) by the tag every run puts on all it
// makes, TagKey=<run id> with ExperimentTagKey=ExperimentTag (the
// keep-alive probe's Lambda runs carry TagKey alone): clusters (their tasks stopped first), task
// definitions (active or inactive), ECR repositories (with their images),
// log groups (with their streams) and IAM roles (with their inline
// policy, which IAM cannot tag: it is part of its role). Names and paths
// play no part: a resource named like Benchtop's but untagged is someone
// else's and stays, and a tagged one is found whatever its name. With
// dryRun it only lists them.
//
// Every service answers a tag read (iam ListRoleTags, logs
// ListTagsForResource, ecr and ecs ListTagsForResource, ecs
// DescribeClusters with TAGS), and so does moto 5, which the tests run
// against: no kind needs a name-prefix fallback. The Resource Groups
// Tagging API would find them in fewer calls but, in AWS and moto alike,
// misses ECR repositories and IAM roles.
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

// ours says whether tags are a run's on Fargate: TagKey with a value,
// and the experiment's tag.
func ours(tags map[string]string) bool {
	return tags[TagKey] != "" && tags[ExperimentTagKey] == ExperimentTag
}

// tagMap is a service's list of tags as a map.
func tagMap[T any](tags []T, kv func(T) (k, v *string)) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		m[aws.ToString(k)] = aws.ToString(v)
	}
	return m
}

func tagged(tags []ecstypes.Tag) bool {
	return ours(tagMap(tags, func(t ecstypes.Tag) (k, v *string) { return t.Key, t.Value }))
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
			if !tagged(cl.Tags) || aws.ToString(cl.Status) == "INACTIVE" {
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
		p := ecs.NewListTaskDefinitionsPaginator(c.ecs, &ecs.ListTaskDefinitionsInput{Status: status})
		for p.HasMorePages() {
			page, err := p.NextPage(c.ctx)
			if err != nil {
				return describeAWS("listing task definitions", err)
			}
			for _, arn := range page.TaskDefinitionArns {
				tags, err := c.ecs.ListTagsForResource(c.ctx, &ecs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
				if err != nil {
					if notFound(err) {
						continue // deleted meanwhile
					}
					return describeAWS("reading the tags of task definition "+arn, err)
				}
				if !tagged(tags.Tags) {
					continue
				}
				family := arn[strings.LastIndex(arn, "/")+1:]
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
			tags, err := c.ecr.ListTagsForResource(c.ctx, &ecr.ListTagsForResourceInput{ResourceArn: r.RepositoryArn})
			if err != nil {
				if notFound(err) {
					continue
				}
				return describeAWS("reading the tags of ECR repository "+name, err)
			}
			if !ours(tagMap(tags.Tags, func(t ecrtypes.Tag) (k, v *string) { return t.Key, t.Value })) {
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
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(c.logs, &cloudwatchlogs.DescribeLogGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(c.ctx)
		if err != nil {
			return describeAWS("listing log groups", err)
		}
		for _, g := range page.LogGroups {
			name := aws.ToString(g.LogGroupName)
			// ListTagsForResource wants the group's ARN without the ":*"
			// that Arn ends in; LogGroupArn is that, where the answer has it
			arn := aws.ToString(g.LogGroupArn)
			if arn == "" {
				arn = strings.TrimSuffix(aws.ToString(g.Arn), ":*")
			}
			tags, err := c.logs.ListTagsForResource(c.ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
			if err != nil {
				if notFound(err) {
					continue
				}
				return describeAWS("reading the tags of log group "+name, err)
			}
			if !ours(tags.Tags) {
				continue
			}
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

// roles: ListRoles does not return tags (in AWS or moto), so each role's
// are read.
func (c *cleaner) roles() error {
	p := iam.NewListRolesPaginator(c.iam, &iam.ListRolesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(c.ctx)
		if err != nil {
			return describeAWS("listing roles", err)
		}
		for _, r := range page.Roles {
			name := aws.ToString(r.RoleName)
			tags, err := c.iam.ListRoleTags(c.ctx, &iam.ListRoleTagsInput{RoleName: aws.String(name)})
			if err != nil {
				if notFound(err) {
					continue
				}
				return describeAWS("reading the tags of role "+name, err)
			}
			if !ours(tagMap(tags.Tags, func(t iamtypes.Tag) (k, v *string) { return t.Key, t.Value })) {
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
