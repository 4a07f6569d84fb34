package inlambda

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// Cleanup finds and removes what runs left in the account (a run killed
// before its teardown, or --keep): functions tagged benchtop:run, roles
// under the path /benchtop/ and their inline policies, and the functions'
// log groups. It returns what it removed. With dryRun it only lists them.
func Cleanup(ctx context.Context, cfg aws.Config, dryRun bool, step func(string)) ([]string, error) {
	lam, im, logs := lambda.NewFromConfig(cfg), iam.NewFromConfig(cfg), cloudwatchlogs.NewFromConfig(cfg)
	var removed []string
	act := func(what string, do func() error) error {
		if step != nil {
			step(what)
		}
		if dryRun {
			removed = append(removed, what)
			return nil
		}
		if err := do(); err != nil && !notFound(err) {
			return describeAWS(what, err)
		}
		removed = append(removed, what)
		return nil
	}
	fp := lambda.NewListFunctionsPaginator(lam, &lambda.ListFunctionsInput{})
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			return removed, describeAWS("listing functions", err)
		}
		for _, f := range page.Functions {
			name := aws.ToString(f.FunctionName)
			if !strings.HasPrefix(name, namePrefix) {
				continue
			}
			tags, err := lam.ListTags(ctx, &lambda.ListTagsInput{Resource: f.FunctionArn})
			if err != nil || tags.Tags[TagKey] == "" {
				continue // not ours
			}
			if err := act("delete function "+name, func() error {
				_, err := lam.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(name)})
				return err
			}); err != nil {
				return removed, err
			}
		}
	}
	rp := iam.NewListRolesPaginator(im, &iam.ListRolesInput{PathPrefix: aws.String("/benchtop/")})
	for rp.HasMorePages() {
		page, err := rp.NextPage(ctx)
		if err != nil {
			return removed, describeAWS("listing roles", err)
		}
		for _, r := range page.Roles {
			name := aws.ToString(r.RoleName)
			if !strings.HasPrefix(name, namePrefix) {
				continue
			}
			if err := act("delete role "+name+" and its inline policies", func() error {
				pols, err := im.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(name)})
				if err != nil {
					return err
				}
				for _, p := range pols.PolicyNames {
					if _, err := im.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(p)}); err != nil {
						return err
					}
				}
				_, err = im.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(name)})
				return err
			}); err != nil {
				return removed, err
			}
		}
	}
	lp := cloudwatchlogs.NewDescribeLogGroupsPaginator(logs, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/aws/lambda/" + namePrefix)})
	for lp.HasMorePages() {
		page, err := lp.NextPage(ctx)
		if err != nil {
			return removed, describeAWS("listing log groups", err)
		}
		for _, g := range page.LogGroups {
			name := aws.ToString(g.LogGroupName)
			if err := act("delete log group "+name, func() error {
				_, err := logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(name)})
				return err
			}); err != nil {
				return removed, err
			}
		}
	}
	return removed, nil
}

// Summary says what Cleanup did.
func Summary(removed []string, dryRun bool) string {
	if len(removed) == 0 {
		return "nothing of Benchtop's is left in the account"
	}
	verb := "removed"
	if dryRun {
		verb = "would remove"
	}
	return fmt.Sprintf("%s %d: %s", verb, len(removed), strings.Join(removed, "; "))
}
