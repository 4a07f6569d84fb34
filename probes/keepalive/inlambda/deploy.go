package inlambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"benchtop/probes/keepalive/sdkdriver"
)

// deployment is what one run makes in the account, and undoes.
type deployment struct {
	o        *Options
	runID    string
	function string
	role     string
	logGroup string
	iam      *iam.Client
	lam      *lambda.Client
	logs     *cloudwatchlogs.Client
	made     []string // "role", "policy", "loggroup", "function", in order
}

func newDeployment(o *Options, cfg aws.Config, runID string) *deployment {
	name := namePrefix + strings.ToLower(runID)
	return &deployment{o: o, runID: runID, function: name, role: name, logGroup: "/aws/lambda/" + name,
		iam: iam.NewFromConfig(cfg), lam: lambda.NewFromConfig(cfg), logs: cloudwatchlogs.NewFromConfig(cfg)}
}

const trustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const policyName = "benchtop-keepalive"

// Policy is the role's inline policy: only what the probe does — write
// and delete its items and describe its table, and write its own logs.
func Policy(tableARN, region, account, function string) string {
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{
			{"Sid": "ProbeTable", "Effect": "Allow", "Action": []string{"dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"}, "Resource": tableARN},
			{"Sid": "OwnLogs", "Effect": "Allow", "Action": []string{"logs:CreateLogStream", "logs:PutLogEvents"},
				"Resource": fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/aws/lambda/%s:*", region, account, function)},
		},
	}
	// not HTML-escaped: the dry run prints it, with "<account>" in it
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(doc) // maps and slices of strings: nothing that cannot encode
	return strings.TrimSuffix(b.String(), "\n")
}

// account returns the caller's account id ("" when STS does not say).
func account(ctx context.Context, cfg aws.Config) string {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(cctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return ""
	}
	return aws.ToString(out.Account)
}

func (d *deployment) tags() map[string]string { return map[string]string{TagKey: d.runID} }

// deploy makes the role, its policy, the log group and the function, and
// waits until the function is active. What it made is recorded as it goes,
// so a deploy that fails half-way is undone by teardown.
func (d *deployment) deploy(ctx context.Context, tableARN, region, acct string, fn sdkdriver.LambdaFunction) error {
	d.o.step("creating IAM role %s", d.role)
	role, err := d.iam.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(d.role), Path: aws.String("/benchtop/"),
		AssumeRolePolicyDocument: aws.String(trustPolicy), Description: aws.String("Benchtop keep-alive probe, run " + d.runID),
		Tags: []iamtypes.Tag{{Key: aws.String(TagKey), Value: aws.String(d.runID)}}})
	if err != nil {
		return describeAWS("creating the IAM role", err)
	}
	d.made = append(d.made, "role")
	d.o.step("granting it PutItem, DeleteItem, DescribeTable on the table and its own logs")
	if _, err := d.iam.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(d.role), PolicyName: aws.String(policyName),
		PolicyDocument: aws.String(Policy(tableARN, region, acct, d.function))}); err != nil {
		return describeAWS("attaching the role's policy", err)
	}
	d.made = append(d.made, "policy")
	d.o.step("creating log group %s", d.logGroup)
	if _, err := d.logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(d.logGroup), Tags: d.tags()}); err != nil {
		return describeAWS("creating the log group", err)
	}
	d.made = append(d.made, "loggroup")
	arch := lambdatypes.ArchitectureArm64
	if d.o.Arch == "amd64" {
		arch = lambdatypes.ArchitectureX8664
	}
	in := &lambda.CreateFunctionInput{
		FunctionName: aws.String(d.function), Role: role.Role.Arn, Runtime: lambdatypes.Runtime(fn.Runtime), Handler: aws.String(fn.Handler),
		Architectures: []lambdatypes.Architecture{arch}, MemorySize: aws.Int32(int32(d.o.MemoryMB)), Timeout: aws.Int32(int32(timeout(d.o))),
		Code: &lambdatypes.FunctionCode{ZipFile: fn.Zip}, Tags: d.tags(), Description: aws.String("Benchtop keep-alive probe, run " + d.runID),
		LoggingConfig: &lambdatypes.LoggingConfig{LogGroup: aws.String(d.logGroup), LogFormat: lambdatypes.LogFormatText},
	}
	// A role just made cannot be assumed by Lambda for about ten seconds.
	d.o.step("creating function %s (%s, %d MB, %s)", d.function, d.o.Arch, d.o.MemoryMB, fn.Runtime)
	for wait := time.Second; ; wait = min(wait*2, 8*time.Second) {
		_, err = d.lam.CreateFunction(ctx, in)
		if err == nil || !strings.Contains(err.Error(), "cannot be assumed") {
			break
		}
		d.o.step("the new role is not usable yet; trying again in %v", wait)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err != nil {
		return describeAWS("creating the function", err)
	}
	d.made = append(d.made, "function")
	d.o.step("waiting for the function to become active")
	w := lambda.NewFunctionActiveV2Waiter(d.lam, func(o *lambda.FunctionActiveV2WaiterOptions) { o.MinDelay = 500 * time.Millisecond })
	if err := w.Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(d.function)}, 3*time.Minute); err != nil {
		return describeAWS("waiting for the function", err)
	}
	return nil
}

// teardown removes what deploy made, newest first; it goes on past errors
// and reports them all.
func (d *deployment) teardown(ctx context.Context) error {
	var errs []string
	for i := len(d.made) - 1; i >= 0; i-- {
		var err error
		switch d.made[i] {
		case "function":
			d.o.step("deleting function %s", d.function)
			_, err = d.lam.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(d.function)})
		case "loggroup":
			d.o.step("deleting log group %s", d.logGroup)
			_, err = d.logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(d.logGroup)})
		case "policy":
			_, err = d.iam.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(d.role), PolicyName: aws.String(policyName)})
		case "role":
			d.o.step("deleting IAM role %s", d.role)
			_, err = d.iam.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(d.role)})
		}
		if err != nil && !notFound(err) {
			errs = append(errs, describeAWS("deleting the "+d.made[i], err).Error())
		}
	}
	d.made = nil
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; ") + " — run `benchtop lambda cleanup` to retry")
	}
	return nil
}

func notFound(err error) bool {
	s := err.Error()
	return strings.Contains(s, "NotFound") || strings.Contains(s, "NoSuchEntity") || strings.Contains(s, "does not exist")
}

// describeAWS turns an SDK error into one line; AccessDenied names the
// action that was refused.
func describeAWS(doing string, err error) error {
	s := err.Error()
	if strings.Contains(s, "AccessDenied") || strings.Contains(s, "not authorized") {
		return fmt.Errorf("%s: access denied (%s): your credentials need that action for the run in Lambda (docs/keepalive.md lists them all, under In AWS Lambda)", doing, actionOf(s))
	}
	if i := strings.Index(s, "api error "); i >= 0 {
		s = s[i+len("api error "):]
	}
	return fmt.Errorf("%s: %s", doing, s)
}

// actionOf picks "iam:CreateRole" out of an AccessDenied message.
func actionOf(msg string) string {
	if i := strings.Index(msg, "perform: "); i >= 0 {
		f := strings.Fields(msg[i+len("perform: "):])
		if len(f) > 0 {
			return f[0]
		}
	}
	for _, op := range []string{"CreateRole", "PutRolePolicy", "CreateLogGroup", "CreateFunction", "GetFunction", "Invoke", "DeleteFunction", "DeleteRole", "DeleteRolePolicy", "DeleteLogGroup", "PassRole"} {
		if strings.Contains(msg, op) {
			return op
		}
	}
	return "an action"
}
