package infargate

import (
	"strings"

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
