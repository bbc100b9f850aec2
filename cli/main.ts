/**
 * The command line of cdk-eks-pod-identity: `verify` and `serve`. Not part of the construct library: it is
 * bundled with its dependencies into one file (see build.ts) that only this command loads.
 */
import { doctor, DOCTOR_USAGE } from './doctor/doctor';
import { CliIo, EXIT_FAILED, EXIT_OK, PROGRAM, UsageError } from './io';
import { serve, SERVE_USAGE } from './serve/serve';
import { verify, VERIFY_USAGE } from './verify/verify';

const USAGE = `Usage: ${PROGRAM} <command> [flags]

Commands:
  verify   trade a service-account token with EKS Auth and report the role, subject and session tags
  serve    a local credential endpoint with the Pod Identity Agent's wire contract
  doctor   find out, in the live account and cluster, why a pod gets no credentials or AccessDenied

Run ${PROGRAM} <command> --help for its flags.`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const usageOf = command === 'verify' ? VERIFY_USAGE : command === 'serve' ? SERVE_USAGE : command === 'doctor' ? DOCTOR_USAGE : USAGE;
  // Whether the command wrote to stdout, so that a usage error under --json prints its one JSON object once.
  let wroteStdout = false;
  const tracked: CliIo = { ...io, stdout: text => { wroteStdout = true; io.stdout(text); } };
  try {
    switch (command) {
      case 'verify': return await verify(rest, tracked);
      case 'serve': return await serve(rest, tracked);
      case 'doctor': return await doctor(rest, tracked);
      case '--help': case '-h': case 'help':
        io.stdout(`${USAGE}\n`);
        return EXIT_OK;
      case undefined:
        throw new UsageError('a command is required');
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const known = usageOf !== USAGE;
      // --json promises one JSON object on stdout, a command-line mistake included: no usage text around it.
      if (argv.includes('--json')) {
        if (!wroteStdout) {
          const fix = known ? `Run ${PROGRAM} ${command} --help for its flags.` : `Run ${PROGRAM} --help for its commands.`;
          io.stdout(`${JSON.stringify({ ok: false, problem: error.message, fix })}\n`);
        }
        return EXIT_FAILED;
      }
      io.stderr(`${PROGRAM}${known ? ` ${command}` : ''}: ${error.message}\n\n${usageOf}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}
