package infargate

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// teardown removes what deploy and start made, newest first; it goes on
// past errors and reports them all.
func (d *deployment) teardown(ctx context.Context) error {
	var errs []string
	for i := len(d.made) - 1; i >= 0; i-- {
		var err error
		switch d.made[i] {
		case "task":
			d.o.step("stopping the task")
			err = stopTask(ctx, d.ecs, d.name, d.taskARN, d.o.poll())
		case "taskdef":
			d.o.step("deleting task definition %s", d.taskDefARN)
			err = deleteTaskDef(ctx, d.ecs, d.taskDefARN)
		case "cluster":
			d.o.step("deleting cluster %s", d.name)
			_, err = d.ecs.DeleteCluster(ctx, &ecs.DeleteClusterInput{Cluster: aws.String(d.name)})
		case "repo":
			d.o.step("deleting ECR repository %s and its image", d.name)
			_, err = d.ecr.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String(d.name), Force: true})
		case "loggroup":
			d.o.step("deleting log group %s", d.logGroup)
			_, err = d.logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(d.logGroup)})
		case "policy":
			_, err = d.iam.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(d.name), PolicyName: aws.String(policyName)})
		case "role":
			d.o.step("deleting IAM role %s", d.name)
			_, err = d.iam.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(d.name)})
		}
		if err != nil && !notFound(err) {
			errs = append(errs, describeAWS("deleting the "+d.made[i], err).Error())
		}
	}
	d.made = nil
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; ") + " — run `benchtop fargate cleanup` to retry")
	}
	return nil
}

// stopTask stops a task and waits until it has (a cluster with a task
// still stopping cannot be deleted).
func stopTask(ctx context.Context, c *ecs.Client, cluster, taskARN string, poll time.Duration) error {
	if _, err := c.StopTask(ctx, &ecs.StopTaskInput{Cluster: aws.String(cluster), Task: aws.String(taskARN),
		Reason: aws.String("Benchtop: the run ended")}); err != nil {
		return err
	}
	for {
		out, err := c.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: []string{taskARN}})
		if err != nil {
			return err
		}
		if len(out.Tasks) == 0 || aws.ToString(out.Tasks[0].LastStatus) == "STOPPED" {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}

// deleteTaskDef deregisters a task definition and deletes it (a
// deregistered one stays listed as INACTIVE until deleted).
func deleteTaskDef(ctx context.Context, c *ecs.Client, arn string) error {
	if _, err := c.DeregisterTaskDefinition(ctx, &ecs.DeregisterTaskDefinitionInput{TaskDefinition: aws.String(arn)}); err != nil && !notFound(err) {
		return err
	}
	_, err := c.DeleteTaskDefinitions(ctx, &ecs.DeleteTaskDefinitionsInput{TaskDefinitions: []string{arn}})
	return err
}
