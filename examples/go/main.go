// The README quick start in Go: pods of `default/my-service-account` on an existing cluster may read the
// `artifacts` bucket. The same stack as ../quickstart.ts (one role, its policy and one association), which
// test/langs/go.langs.ts checks template for template.
//
//	go run . [outdir]
//
// writes Quickstart.template.json to outdir, or to $CDK_OUTDIR (which `cdk synth` sets), or to ./cdk.out.
// The library's checks report errors as CDK annotations, which only `cdk synth` turns into a failure: run
// `cdk synth` (cdk.json runs this app) before you deploy.
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseks"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-eks-pod-identity/cdk-eks-pod-identity-go/cdkekspodidentity"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// QuickstartStack is the stack of ../quickstart.ts, with the association that it grants to.
type QuickstartStack struct {
	awscdk.Stack
	Association cdkekspodidentity.PodIdentityAssociation
}

func NewQuickstartStack(scope constructs.Construct, id string, props *awscdk.StackProps) *QuickstartStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)

	cluster := awseks.CfnCluster_FromClusterName(stack, jsii.String("Cluster"), jsii.String("my-cluster"))
	artifacts := awss3.Bucket_FromBucketName(stack, jsii.String("Artifacts"), jsii.String("artifacts"))
	// The cluster already runs the Pod Identity Agent (EKS Auto Mode, or the add-on installed elsewhere).
	// To install the managed add-on from here instead: cdkekspodidentity.PodIdentityAgent_Of(stack, cluster).
	cdkekspodidentity.NewPodIdentityAgent(stack, jsii.String("Agent"), &cdkekspodidentity.PodIdentityAgentProps{
		Cluster:    cluster,
		Deployment: cdkekspodidentity.AgentDeployment_None(),
	})

	association := cdkekspodidentity.NewPodIdentityAssociation(stack, jsii.String("MyServiceAccount"), &cdkekspodidentity.PodIdentityAssociationProps{
		Cluster:        cluster,
		Namespace:      jsii.String("default"),
		ServiceAccount: jsii.String("my-service-account"),
	})
	awsiam.Grant_AddToPrincipal(&awsiam.GrantOnPrincipalOptions{
		Grantee:      association,
		Actions:      jsii.Strings("s3:ListBucket"),
		ResourceArns: jsii.Strings(*artifacts.BucketArn()),
	})
	awsiam.Grant_AddToPrincipal(&awsiam.GrantOnPrincipalOptions{
		Grantee:      association,
		Actions:      jsii.Strings("s3:GetObject"),
		ResourceArns: jsii.Strings(*artifacts.ArnForObjects(jsii.String("*"))),
	})
	cdknag.NagSuppressions_AddResourceSuppressions(association.Role(), &[]*cdknag.NagPackSuppression{{
		Id:        jsii.String("AwsSolutions-IAM5"),
		Reason:    jsii.String("s3:GetObject is granted on the objects of the one artifacts bucket; object ARNs need the /* suffix."),
		AppliesTo: &[]interface{}{"Resource::arn:<AWS::Partition>:s3:::artifacts/*"},
	}}, jsii.Bool(true))

	return &QuickstartStack{Stack: stack, Association: association}
}

func main() {
	defer jsii.Close()

	// `cdk synth` sets CDK_OUTDIR (and the context); run directly, the app writes to the folder given as its
	// argument, or to ./cdk.out.
	outdir := os.Getenv("CDK_OUTDIR")
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	if outdir == "" {
		outdir = "cdk.out"
	}

	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	stack := NewQuickstartStack(app, "Quickstart", nil)
	app.Synth(nil)
	fmt.Printf("Synthesized quickstart: %s/%s\n", outdir, *stack.TemplateFile())
}
