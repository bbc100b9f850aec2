#!/usr/bin/env bash
# `npm run integ:live`: the live run of the integration tests, in one command (CONTRIBUTING.md, "Integration
# tests: deploy proof"). In eu-west-1, with the AWS credentials of the environment, it:
#   1. synthesizes the app of the shared test cluster (test/integ/cluster/app.ts) and reads the account the
#      CDK CLI found for the credentials: without one, it stops before any change;
#   2. bootstraps that account in eu-west-1 (a no-op once done);
#   3. deploys the stack PodIdentityIntegCluster: the EKS cluster the tests import, with a node and the agent;
#   4. runs `npm run integ:deploy`: integ-runner deploys, checks and destroys every test;
#   5. destroys PodIdentityIntegCluster on exit, also when step 3 or 4 failed or the run was interrupted.
#
#   --keep-cluster  skip step 5: the next run finds the cluster deployed (step 3 changes nothing)
#   --dry-run       print the commands in order, cleanup included, and run none (no credentials needed)
#                   (integ-runner's own --dry-run, if ever wanted, goes after --)
# Any other argument, and every argument after `--`, goes to integ-runner:
#   npm run integ:live -- --keep-cluster integ.irsa-migration.ts
#
# Written for bash 3.2 too (macOS): no empty "${array[@]}" under `set -u`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The region of INTEG_REGION in test/integ/support.ts and of `--parallel-regions` in package.json's integ:deploy.
readonly REGION=eu-west-1
readonly STACK=PodIdentityIntegCluster
readonly CDK=node_modules/.bin/cdk
# Under the ignored .cache/, so that no cdk.out lands in the tree; deploy and destroy read this assembly.
readonly OUT=.cache/integ-live/cdk.out
# The TypeScript sources, not a build that may be older (integ:deploy reads them too).
readonly APP="npx ts-node -P tsconfig.dev.json --transpile-only --prefer-ts-exts test/integ/cluster/app.ts"

keep_cluster=false
dry_run=false
runner_args=()
while (($# > 0)); do
  case "$1" in
    --keep-cluster) keep_cluster=true ;;
    --dry-run) dry_run=true ;;
    -h | --help) sed -n '2,14p' scripts/integ-live.sh | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; runner_args+=("$@"); break ;;
    *) runner_args+=("$1") ;;
  esac
  shift
done

# One command line, with the arguments that need it in single quotes.
show() {
  local arg line=''
  for arg in "$@"; do
    case "$arg" in
      '' | *[!A-Za-z0-9_./:=@,+-]*) arg="'${arg//\'/\'\\\'\'}'" ;;
    esac
    line="$line $arg"
  done
  echo "+${line}"
}

# Prints the command, then runs it unless --dry-run.
run() {
  show "$@"
  if ! $dry_run; then "$@"; fi
}

fail() {
  echo "integ-live: $*" >&2
  exit 1
}

NEEDS="credentials (AWS_PROFILE, signed in if it is an SSO profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)
for an account kept for tests, allowed to manage CloudFormation, IAM, EKS, EC2, S3, Lambda and Step Functions"

# Ends the run on exit: destroys the cluster stack, or says how to. The exit status stays the run's, or 1 when
# only the destruction failed.
cleanup() {
  local status=$?
  trap - EXIT
  # A second Ctrl-C must not stop the deletion half-way.
  trap '' INT
  echo
  if $keep_cluster; then
    echo "== Kept the stack $STACK (--keep-cluster): the cluster $CLUSTER_NAME in $REGION costs its control plane"
    echo "   and node for as long as it exists. The next run without --keep-cluster deletes it at its end; or now:"
    echo "   AWS_REGION=$REGION $(show "$CDK" destroy --app "$OUT" "$STACK" --force | cut -c3-)"
    exit "$status"
  fi
  echo "== 5/5 Destroy the stack $STACK"
  if run "$CDK" destroy --app "$OUT" "$STACK" --force; then
    if $dry_run; then exit "$status"; fi
    echo "== Deleted the stack $STACK in $REGION: the EKS cluster $CLUSTER_NAME, its node group, the add-on,"
    echo "   the IAM roles and the VPC. integ-runner deletes the stacks of each test it ran, also of a failed one."
    echo "   Kept on purpose: the bootstrap stack CDKToolkit, reused by the next run."
  else
    echo "== Could not delete the stack $STACK in $REGION: delete it in the CloudFormation console, or run" >&2
    echo "   AWS_REGION=$REGION $(show "$CDK" destroy --app "$OUT" "$STACK" --force | cut -c3-)" >&2
    if ((status == 0)); then status=1; fi
  fi
  echo "   To check that nothing is left, in $REGION: no stack named PodIdentityInteg* or *DeployAssert* in the"
  echo "   CloudFormation console, and no cluster in the EKS console; or, with the AWS CLI:"
  echo "     aws cloudformation list-stacks --region $REGION --query \"StackSummaries[?StackStatus!='DELETE_COMPLETE' && (starts_with(StackName, 'PodIdentityInteg') || contains(StackName, 'DeployAssert'))].[StackName,StackStatus]\""
  echo "     aws eks list-clusters --region $REGION"
  exit "$status"
}

CLUSTER_NAME=${INTEG_CLUSTER_NAME:-pod-identity-integ}
[[ -x $CDK ]] || fail "no $CDK: install the dependencies first (npm ci)"
if $dry_run; then echo "(dry run: the commands of a live run, in order; none runs)"; fi
echo "integ:live in $REGION, with the cluster $CLUSTER_NAME (stack $STACK)"

# The CDK CLI finds the region here rather than in the profile; the app names it anyway.
run export "AWS_REGION=$REGION" "CDK_DEFAULT_REGION=$REGION"
# Only the CDK CLI sets it, from the credentials: a value left in the shell would hide their absence.
run unset CDK_DEFAULT_ACCOUNT

echo "== 1/5 Synthesize the cluster's app: the CDK CLI looks up the account of the credentials"
run "$CDK" synth --app "$APP" --output "$OUT" --quiet
if $dry_run; then
  account='<account>'
else
  # The stack's environment: aws://<account>/<region>, or aws://unknown-account/<region> when the CLI found no
  # credentials (test/integ/cluster/cluster-stack.ts).
  account=$(sed -n '/"environment": *"aws:\/\//{s#.*"environment": *"aws://\([^/"]*\)/.*#\1#p;q;}' "$OUT/manifest.json")
  if [[ -z $account || $account == unknown-account ]]; then
    fail "the CDK CLI found no AWS account: nothing was created. It needs $NEEDS."
  fi
  echo "account $account"
fi

echo "== 2/5 Bootstrap aws://$account/$REGION"
# The account named, rather than left for the CLI to resolve, so that the log shows which one gets the stacks.
run "$CDK" bootstrap "aws://$account/$REGION"

# From here on, something may exist to delete: the trap deletes it, whatever happens next. A signal exits through
# it too, with the usual status.
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== 3/5 Deploy the stack $STACK (about 20 minutes the first time)"
run "$CDK" deploy --app "$OUT" "$STACK" --require-approval never

echo "== 4/5 Run the integration tests: npm run integ:deploy"
run npm run integ:deploy ${runner_args[@]+-- "${runner_args[@]}"}
