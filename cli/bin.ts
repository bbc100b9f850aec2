/**
 * The entry point of the `cdk-eks-pod-identity` bin: runs the command with this process's streams.
 */
import { main } from './main';

main(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  env: process.env,
}).then(code => {
  process.exitCode = code;
  // Nothing should outlive the command; if something does, do not hang.
  setTimeout(() => process.exit(code), 1000).unref();
}, error => {
  process.stderr.write(`cdk-eks-pod-identity: ${error?.stack ?? error}\n`);
  process.exitCode = 2;
});
