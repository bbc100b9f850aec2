import { App } from 'aws-cdk-lib';
import { EXAMPLES } from './index';

// Synthesizes one example into ./cdk.out, offline and without AWS credentials.
const name = process.argv[2] ?? 'quickstart';
const build = EXAMPLES[name];
if (!build) {
  console.error(`Unknown example '${name}'. Known: ${Object.keys(EXAMPLES).join(', ')}`);
  process.exit(1);
}
const app = new App({ outdir: 'cdk.out' });
const stacks = build(app);
app.synth();
for (const stack of stacks) {
  console.log(`Synthesized ${name}: cdk.out/${stack.templateFile}`);
}
