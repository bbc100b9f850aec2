#!/usr/bin/env python3
"""Synthesizes an example app into ./cdk.out, offline and without AWS credentials.

    python app.py [quickstart | agent-self-managed | addons | cross-account | from-eksctl | all]

The same stacks as the TypeScript examples in ../ (`npm run synth -- <name>`). Several names (or
`all`) synthesize each example in its own app, into cdk.out/<name>.
"""
import os
import sys
from typing import List

import aws_cdk as cdk

from pod_identity_examples.addons import AddonsStack
from pod_identity_examples.agent_self_managed import AgentSelfManagedStack
from pod_identity_examples.cross_account import cross_account
from pod_identity_examples.from_eksctl import FromEksctlStack
from pod_identity_examples.quickstart import QuickstartStack

EXAMPLES = {
    "quickstart": lambda app: [QuickstartStack(app, "Quickstart")],
    "agent-self-managed": lambda app: [AgentSelfManagedStack(app, "AgentSelfManaged")],
    "addons": lambda app: [AddonsStack(app, "Addons")],
    "cross-account": cross_account,
    "from-eksctl": lambda app: [FromEksctlStack(app, "FromEksctl")],
}


def main(names: List[str]) -> None:
    names = list(EXAMPLES) if names == ["all"] else names or ["quickstart"]
    unknown = [name for name in names if name not in EXAMPLES]
    if unknown:
        sys.exit(f"Unknown example '{unknown[0]}'. Known: {', '.join(EXAMPLES)}, or all")
    # `cdk synth` sets CDK_OUTDIR; run directly, the app writes to ./cdk.out.
    outdir = os.environ.get("CDK_OUTDIR", "cdk.out")
    for name in names:
        # One app per example, as if each ran on its own; several go to cdk.out/<name>.
        example_outdir = outdir if len(names) == 1 else os.path.join(outdir, name)
        app = cdk.App(outdir=example_outdir)
        stacks = EXAMPLES[name](app)
        app.synth()
        for stack in stacks:
            print(f"Synthesized {name}: {example_outdir}/{stack.template_file}")


if __name__ == "__main__":
    main(sys.argv[1:])
