"""The example stacks of cdk-eks-pod-identity, in Python."""
