package infargate

import (
	"encoding/json"
	"fmt"
	"strings"
)

// trustPolicy lets ECS's tasks (the agent that pulls images and ships
// logs) assume the execution role.
const trustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const policyName = "benchtop-sockets"

// Policy is the execution role's inline policy: pull the one image from
// the run's repository and write the run's log group, nothing else.
// ecr:GetAuthorizationToken has no resource to scope it to (AWS's own
// rule); the nginx image comes from ECR Public, which needs no grant. The
// task has no task role: its containers call no AWS API.
func Policy(region, account, repository, logGroup string) string {
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{
			{"Sid": "PullTheImage", "Effect": "Allow",
				"Action":   []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
				"Resource": fmt.Sprintf("arn:aws:ecr:%s:%s:repository/%s", region, account, repository)},
			{"Sid": "RegistryLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
			{"Sid": "OwnLogs", "Effect": "Allow", "Action": []string{"logs:CreateLogStream", "logs:PutLogEvents"},
				"Resource": fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s:*", region, account, logGroup)},
		},
	}
	return indentJSON(doc)
}

// indentJSON is v as indented JSON, not HTML-escaped (the dry run prints
// it, "<account>" and all).
func indentJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // documents of maps, slices and strings: nothing that cannot encode
	return strings.TrimSuffix(b.String(), "\n")
}
