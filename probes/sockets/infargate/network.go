package infargate

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// network is where the task runs.
type network struct {
	subnets, groups []string
	publicIP        bool
	about           string
}

// findNetwork takes the subnets and groups given, or the default VPC's
// subnets and its default security group (which lets everything out, all
// the task needs: image pulls and logs). The default VPC's subnets are
// public: the task gets a public IP to reach ECR and CloudWatch Logs.
func findNetwork(ctx context.Context, c *ec2.Client, o *Options, region string) (network, error) {
	if len(o.Subnets) > 0 {
		n := network{subnets: o.Subnets, groups: o.SecurityGroups, about: "subnets " + fmt.Sprint(o.Subnets)}
		if len(n.groups) == 0 {
			out, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: o.Subnets})
			if err != nil || len(out.Subnets) == 0 {
				return n, describeAWSOr("looking up subnet "+o.Subnets[0], err)
			}
			sg, err := defaultGroup(ctx, c, aws.ToString(out.Subnets[0].VpcId))
			if err != nil {
				return n, err
			}
			n.groups = []string{sg}
		}
		return n, nil
	}
	vpcs, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("is-default"), Values: []string{"true"}}}})
	if err != nil {
		return network{}, describeAWS("looking for the default VPC", err)
	}
	if len(vpcs.Vpcs) == 0 {
		return network{}, fmt.Errorf("this account has no default VPC in %s: name a subnet with --subnet (and a security group with --security-group), "+
			"or create the default VPC with `aws ec2 create-default-vpc`", region)
	}
	vpc := aws.ToString(vpcs.Vpcs[0].VpcId)
	subs, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpc}}}})
	if err != nil {
		return network{}, describeAWS("listing the default VPC's subnets", err)
	}
	if len(subs.Subnets) == 0 {
		return network{}, fmt.Errorf("the default VPC %s in %s has no subnets: name one with --subnet", vpc, region)
	}
	sg, err := defaultGroup(ctx, c, vpc)
	if err != nil {
		return network{}, err
	}
	n := network{groups: []string{sg}, publicIP: true, about: "the default VPC " + vpc}
	for _, s := range subs.Subnets {
		n.subnets = append(n.subnets, aws.ToString(s.SubnetId))
	}
	return n, nil
}

func defaultGroup(ctx context.Context, c *ec2.Client, vpc string) (string, error) {
	out, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpc}}, {Name: aws.String("group-name"), Values: []string{"default"}}}})
	if err != nil || len(out.SecurityGroups) == 0 {
		return "", describeAWSOr("looking up the default security group of "+vpc+" (name one with --security-group)", err)
	}
	return aws.ToString(out.SecurityGroups[0].GroupId), nil
}

func describeAWSOr(doing string, err error) error {
	if err == nil {
		return fmt.Errorf("%s: not found", doing)
	}
	return describeAWS(doing, err)
}
