// The quick start of cdk-eks-pod-identity in Go: the same stack as ../quickstart.ts. Until the Go module is
// published, it comes from the clone: `npm run package` (or `npm run package:ci`) generates it into
// ../../dist/go/cdkekspodidentity, which the replace below points to.
module github.com/cdk-eks-pod-identity/cdk-eks-pod-identity-examples/quickstart

go 1.25.0

require (
	// The versions the TypeScript examples are tested with (package.json devDependencies: aws-cdk-lib 2.257.0,
	// constructs 10.5.1, cdk-nag 2.38.2).
	github.com/aws/aws-cdk-go/awscdk/v2 v2.257.0
	github.com/aws/constructs-go/constructs/v10 v10.5.1
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdk-eks-pod-identity/cdk-eks-pod-identity-go/cdkekspodidentity v0.1.0
	github.com/cdklabs/cdk-nag-go/cdknag/v2 v2.38.2
)

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/cdklabs/awscdk-asset-awscli-go/awscliv1/v2 v2.2.275 // indirect
	github.com/cdklabs/awscdk-asset-node-proxy-agent-go/nodeproxyagentv6/v2 v2.1.1 // indirect
	github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v53 v53.25.0 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/yuin/goldmark v1.7.16 // indirect
	golang.org/x/lint v0.0.0-20241112194109-818c5a804067 // indirect
	golang.org/x/mod v0.39.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/telemetry v0.0.0-20260811182544-a038080d80e5 // indirect
	golang.org/x/tools v0.49.0 // indirect
	golang.org/x/tools/cmd/godoc v0.1.0-deprecated // indirect
	golang.org/x/tools/godoc v0.1.0-deprecated // indirect
)

replace github.com/cdk-eks-pod-identity/cdk-eks-pod-identity-go/cdkekspodidentity => ../../dist/go/cdkekspodidentity
