import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXAMPLES } from '../../examples';
import { synthWithValidators, ValidatedExample } from './validate';

const names = Object.keys(EXAMPLES);

// Examples that deliberately opt in to a Lambda-backed path (none yet).
const LAMBDA_OPT_IN: string[] = [];

// Warnings an example shows on purpose.
const EXPECTED_WARNINGS: { [name: string]: string[] } = {};

describe.each(names)('example %s', (name) => {
  let result: ValidatedExample;
  let stacks: Stack[];

  beforeAll(() => {
    result = synthWithValidators(name);
    stacks = result.stacks;
  });

  test('passes the cdk-nag AwsSolutions pack with no unsuppressed finding', () => {
    expect(result.nagFindings).toEqual([]);
  });

  test('passes the cfn-guard policy validation', () => {
    expect(result.guardFindings).toEqual([]);
  });

  test('has no error of PodIdentityChecks, and only the warnings it documents', () => {
    expect(result.libraryFindings).toEqual(EXPECTED_WARNINGS[name] ?? []);
  });

  test('synthesizes no Lambda function unless it opts in', () => {
    const lambdas = stacks.map(stack => Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::Function')).length);
    if (LAMBDA_OPT_IN.includes(name)) {
      expect(lambdas.some(n => n > 0)).toBe(true);
    } else {
      expect(lambdas).toEqual(stacks.map(() => 0));
    }
  });

  test('template snapshot', () => {
    for (const stack of stacks) {
      expect(Template.fromStack(stack).toJSON()).toMatchSnapshot(stack.stackName);
    }
  });
});

test('the README examples are registered', () => {
  expect(names).toEqual(expect.arrayContaining(['quickstart', 'full-cluster']));
});
