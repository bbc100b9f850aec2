package main

import (
	"fmt"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseks"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-eks-pod-identity/cdk-eks-pod-identity-go/cdkekspodidentity"
)

// The library's own errors reach Go code intact, as a panic: code, construct path, problem and fix.
func TestBadNamespacePanicsWithTheLibraryError(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Errors"), nil)
	cluster := awseks.CfnCluster_FromClusterName(stack, jsii.String("Cluster"), jsii.String("my-cluster"))

	message := func() (message string) {
		defer func() {
			if recovered := recover(); recovered != nil {
				message = fmt.Sprint(recovered)
			}
		}()
		cdkekspodidentity.NewPodIdentityAssociation(stack, jsii.String("Bad"), &cdkekspodidentity.PodIdentityAssociationProps{
			Cluster:        cluster,
			Namespace:      jsii.String("Not_A_Namespace"),
			ServiceAccount: jsii.String("app"),
		})
		return "no panic"
	}()

	want := "[cdk-eks-pod-identity:invalid-namespace] Errors/Bad: namespace 'Not_A_Namespace' is not a valid Kubernetes namespace" +
		" (an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)." +
		" Use the name of the namespace exactly as Kubernetes shows it, e.g. 'default' or 'team-a'"
	if message != want {
		t.Fatalf("want the panic\n  %s\ngot\n  %s", want, message)
	}
}
