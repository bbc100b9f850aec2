import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * Validates Kubernetes objects against the Kubernetes OpenAPI schemas with `kubernetes-models`, and
 * returns one line per violation (empty when every object is valid).
 *
 * `kubernetes-models` is ECMAScript-module only, which Jest's CommonJS runtime cannot load, so the
 * validation runs in a child Node.js process (offline: the schemas ship with the package).
 */
export function kubernetesSchemaErrors(objects: any[]): string[] {
  const script = `
    import { DaemonSet } from 'kubernetes-models/apps/v1';
    import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
    import { Namespace, ServiceAccount } from 'kubernetes-models/v1';
    const models = {
      'apps/v1/DaemonSet': DaemonSet,
      'v1/ServiceAccount': ServiceAccount,
      'v1/Namespace': Namespace,
      'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
    };
    let input = '';
    process.stdin.on('data', chunk => { input += chunk; });
    process.stdin.on('end', () => {
      const errors = [];
      for (const object of JSON.parse(input)) {
        const Model = models[object.apiVersion + '/' + object.kind];
        if (!Model) { errors.push('no model for ' + object.apiVersion + ' ' + object.kind); continue; }
        try {
          new Model(object).validate();
        } catch (error) {
          for (const detail of error.errors ?? [error]) {
            errors.push(object.kind + ' ' + (detail.instancePath ?? '') + ': ' + detail.message);
          }
        }
      }
      process.stdout.write(JSON.stringify(errors));
    });
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.join(__dirname, '..', '..'),
    input: JSON.stringify(objects),
    encoding: 'utf-8',
  });
  return JSON.parse(output);
}
