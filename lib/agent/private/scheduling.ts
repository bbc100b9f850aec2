import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AgentResources, AgentTaintEffect, AgentToleration, AgentTolerationOperator } from '../agent-options';
import { PodIdentityError, quote } from '../../private/errors';
import { printable } from '../../private/template-text';
import { codeSpan, enumMember, propSpan, setting } from '../../private/code';

// Kubernetes quantity (k8s.io/apimachinery resource.Quantity), e.g. 100m, 0.5, 128Mi, 1e3.
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkKMGTPE])?$/;
// Label names and values (k8s.io/apimachinery validation: IsQualifiedName, IsValidLabelValue).
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The default node affinity of the agent (the add-on's and the official chart's), for nodes in AWS. */
// Source: aws/eks-pod-identity-agent charts/eks-pod-identity-agent/values.yaml (affinity) @ 492961512e5ee9d46f05817e1a2b853051b4259c (checked 2026-12-01)
export function defaultNodeSelectorRequirements(): any[] {
  return [
    { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
    { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'hybrid', 'auto'] },
  ];
}

/** Kubernetes tolerations; throws on combinations Kubernetes rejects. */
export function renderTolerations(scope: IConstruct, tolerations: AgentToleration[]): any[] {
  return tolerations.map((toleration, index) => {
    const operator = toleration.operator ?? AgentTolerationOperator.EQUAL;
    const fail = (problem: string, fix: string) => {
      throw new PodIdentityError('invalid-toleration', scope, `toleration ${index} ${problem}`, fix);
    };
    if (operator === AgentTolerationOperator.EXISTS && toleration.value !== undefined && toleration.value !== '') {
      fail(`has operator Exists and value ${quote(toleration.value)}; Exists matches every value`, `Remove ${propSpan('value')}, or use AgentTolerationOperator.EQUAL`);
    }
    if (!toleration.key && operator !== AgentTolerationOperator.EXISTS) {
      fail('has no key, which Kubernetes only accepts with operator Exists', `Set ${propSpan('key')}, or use AgentTolerationOperator.EXISTS to tolerate every taint`);
    }
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== AgentTaintEffect.NO_EXECUTE) {
      fail('sets tolerationSeconds, which only applies to NoExecute taints', `Set ${codeSpan(setting('effect', enumMember('AgentTaintEffect', 'NO_EXECUTE')))}, or remove ${propSpan('tolerationSeconds')}`);
    }
    if (toleration.key) validateLabelName(scope, toleration.key, 'toleration key');
    // Kubernetes takes an Equal toleration's value only as a label value.
    // Source: kubernetes/kubernetes pkg/apis/core/validation/validation.go ValidateTolerations (`case core.TolerationOpEqual, "": ... IsValidLabelValue(toleration.Value)`) @ 000f26050b9b (checked 2026-12-07)
    const value = toleration.value;
    if (operator === AgentTolerationOperator.EQUAL && value !== undefined && value !== '' && !Token.isUnresolved(value) && (value.length > 63 || !LABEL_NAME.test(value))) {
      fail(`has the value ${printable(value)}, which is not a valid Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), as Kubernetes requires with operator Equal`,
        'Use the taint\'s value exactly as `kubectl describe node` shows it');
    }
    return omitUndefined({
      key: toleration.key,
      operator,
      value: toleration.value,
      effect: toleration.effect,
      tolerationSeconds: toleration.tolerationSeconds,
    });
  });
}

/** Kubernetes resource requirements; throws on a malformed quantity. */
export function renderResources(scope: IConstruct, resources: AgentResources): any {
  const check = (name: string, value: string | undefined) => {
    if (value === undefined || Token.isUnresolved(value) || QUANTITY.test(value)) return value;
    throw new PodIdentityError('invalid-resource-quantity', scope,
      `resources.${name} ${quote(value)} is not a Kubernetes quantity`,
      'Use a quantity such as \'100m\' or \'0.5\' for CPU, \'128Mi\' or \'1Gi\' for memory');
  };
  const requests = omitUndefined({ cpu: check('cpuRequest', resources.cpuRequest), memory: check('memoryRequest', resources.memoryRequest) });
  const limits = omitUndefined({ cpu: check('cpuLimit', resources.cpuLimit), memory: check('memoryLimit', resources.memoryLimit) });
  return omitUndefined({
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  });
}

/** Throws unless every key and value of the node selector is a valid Kubernetes label. */
export function validateNodeSelector(scope: IConstruct, nodeSelector: { [label: string]: string }): void {
  for (const [key, value] of Object.entries(nodeSelector)) {
    validateLabelName(scope, key, 'nodeSelector label');
    if (Token.isUnresolved(value) || value === '') continue;
    if (value.length > 63 || !LABEL_NAME.test(value)) {
      throw new PodIdentityError('invalid-node-selector', scope,
        `nodeSelector value ${quote(value)} of label ${quote(key)} is not a valid Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`,
        'Use the label value exactly as `kubectl get nodes --show-labels` shows it');
    }
  }
}

/** The node affinity of the agent with the node selector's labels added as `In` requirements. */
export function renderAffinity(nodeSelector: { [label: string]: string }): any {
  const selected = Object.entries(nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [...defaultNodeSelectorRequirements(), ...selected] }],
      },
    },
  };
}

/** A copy of `obj` without the keys whose value is undefined. */
export function omitUndefined(obj: { [key: string]: any }): { [key: string]: any } {
  return Object.fromEntries(Object.entries(obj).filter(([, value]) => value !== undefined));
}

function validateLabelName(scope: IConstruct, key: string, what: string): void {
  if (Token.isUnresolved(key)) return;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  if (!prefixOk || name.length > 63 || !LABEL_NAME.test(name)) {
    throw new PodIdentityError('invalid-label-key', scope,
      `${what} ${quote(key)} is not a valid Kubernetes label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`,
      'Use the key exactly as Kubernetes shows it, e.g. \'node.kubernetes.io/instance-type\'');
  }
}
