/** `arn:${AWS::Partition}:iam::aws:policy/<name>`, as ManagedPolicy.fromAwsManagedPolicyName renders it. */
export function awsManagedPolicy(name: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] };
}
