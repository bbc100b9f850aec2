/**
 * The test environment of every jest project here: Node's, with the console of each test held back and printed
 * only when that test fails (jest has no option for it). A passing test prints nothing: aws-cdk-lib's template
 * validation, for one, writes a CloudFormation Validate report with console.error on every synth of the newest
 * aws-cdk-lib (the latest-cdk project). Output outside a test (module scope, beforeAll, afterAll) goes straight
 * through. JEST_CONSOLE=all prints everything, as jest does by default.
 */
import { format } from 'util';
import { TestEnvironment } from 'jest-environment-node';
import type { Circus } from '@jest/types';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
type Method = typeof METHODS[number];

interface Held {
  readonly method: Method;
  readonly args: unknown[];
  /** Where the test called it: the frames outside node_modules and this file. */
  readonly origin: string;
}

function originOf(stack: string | undefined): string {
  return (stack ?? '').split('\n').slice(1)
    // Frames of a file of ours: not node_modules, not Node's own, not this file.
    .filter(line => /^\s+at .*[/\\][^/\\]+:\d+:\d+\)?$/.test(line) && !line.includes('node_modules') && !line.includes(__filename))
    .slice(0, 3)
    .map(line => line.trim())
    .join('\n');
}

export default class ConsoleOnFailureEnvironment extends TestEnvironment {
  private held: Held[] = [];
  private inTest = false;
  private wrapped?: Console;

  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (process.env.JEST_CONSOLE === 'all') return;
    switch (event.name) {
      case 'test_start':
        this.wrapConsole();
        this.held = [];
        this.inTest = true;
        break;
      case 'test_done': {
        this.inTest = false;
        const held = this.held;
        this.held = [];
        // A failure of the test or of its hooks: print what it held, where it was called, in order.
        if (event.test.errors.length > 0 && held.length > 0) this.print(event.test, held);
        break;
      }
    }
  }

  /** Jest sets the test's console on the global after the environment is made: wrap it once, at the first test. */
  private wrapConsole(): void {
    const console: Console = this.global.console;
    if (this.wrapped === console) return;
    for (const method of METHODS) {
      const original = console[method].bind(console);
      console[method] = (...args: unknown[]) => {
        if (!this.inTest) return original(...args);
        this.held.push({ method, args, origin: originOf(new Error().stack) });
      };
      (console as any)[`__original_${method}`] = original;
    }
    this.wrapped = console;
  }

  /** One block per failed test: each call with its method and where the test made it. */
  private print(test: Circus.TestEntry, held: Held[]): void {
    const names: string[] = [];
    for (let block: Circus.DescribeBlock | undefined = test.parent; block && block.parent; block = block.parent) names.unshift(block.name);
    const lines = [`Console output of the failed test "${[...names, test.name].join(' > ')}" (held back while it ran):`];
    for (const { method, args, origin } of held) {
      lines.push('', `console.${method}: ${format(...args)}`, ...origin.split('\n').filter(Boolean).map(line => `    ${line}`));
    }
    const console: any = this.global.console;
    console[held.some(h => h.method === 'error' || h.method === 'warn') ? '__original_error' : '__original_log'](lines.join('\n'));
  }
}
