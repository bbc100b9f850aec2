import { CfnResource, Stack, Token } from 'aws-cdk-lib';

/**
 * The properties of an L1 as its template will carry them (CloudFormation names, `ClusterName`), with
 * its property overrides, and with tokens left unresolved: a cluster name keeps its token, which is
 * how the checks tell clusters apart across stacks.
 *
 * This reads every L1 the same way, whichever module made it: aws-eks and aws-eks-v2 each ship their own
 * `CfnCluster`, `CfnAddon`... (so `instanceof` against one module misses the other), and a plain
 * `CfnResource` has no typed getters at all. All of them keep their values behind the protected
 * `cfnProperties` and turn them into template form with the protected `renderProperties`, the two
 * members CloudFormation rendering itself goes through. Overrides (`addPropertyOverride`) are read
 * from where `addOverride` keeps them; without that field, they are not seen.
 */
export function cfnPropertiesOf(resource: CfnResource): Record<string, any> {
  const l1 = resource as any;
  let rendered: any;
  try {
    rendered = l1.renderProperties(l1.cfnProperties);
  } catch {
    // Invalid input: CDK reports it itself when it synthesizes the resource.
    return {};
  }
  const properties = isPlainObject(rendered) ? { ...rendered } : {};
  const overrides = l1.rawOverrides?.Properties;
  return isPlainObject(overrides) ? merge(properties, overrides, resource) : properties;
}

/**
 * The string properties `names` (CloudFormation names) of an L1, as `cfnPropertiesOf` gives them, read more
 * cheaply where it can be: a generated L1 keeps each property in a public field named like it in camelCase
 * (`ClusterName` in `clusterName`), which holds what the template will carry for a string, so reading the
 * fields skips rendering and validating every property, which is most of the checks' cost at scale (issue 13).
 * Overrides apply as in `cfnPropertiesOf`; a plain `CfnResource` takes the full path.
 */
// Source: aws-cdk-lib aws-eks/lib/eks.generated.js, CfnPodIdentityAssociation (`get clusterName`, `cfnProperties`, `stringToCloudFormation`) @ 2.257.0 and 2.276.0 (checked 2026-12-01)
export function cfnStringPropertiesOf(resource: CfnResource, names: string[]): Record<string, any> {
  const l1 = resource as any;
  const fields = names.map(name => name.charAt(0).toLowerCase() + name.slice(1));
  if (Object.getPrototypeOf(resource) === CfnResource.prototype || !fields.every(field => field in l1)) {
    return pick(cfnPropertiesOf(resource), names);
  }
  const properties: Record<string, any> = {};
  names.forEach((name, i) => {
    if (l1[fields[i]] !== undefined) properties[name] = l1[fields[i]];
  });
  const overrides = l1.rawOverrides?.Properties;
  return isPlainObject(overrides) ? pick(merge(properties, overrides, resource), names) : properties;
}

function pick(properties: Record<string, any>, names: string[]): Record<string, any> {
  return Object.fromEntries(names.filter(name => name in properties).map(name => [name, properties[name]]));
}

// As CDK merges overrides into the rendered resource: objects merge key by key, `undefined` deletes.
function merge(target: Record<string, any>, source: Record<string, any>, resource: CfnResource): Record<string, any> {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) {
      delete target[key];
    } else if (isPlainObject(value)) {
      // An override of a field inside a token needs the value behind the token.
      const current = Token.isUnresolved(target[key]) ? Stack.of(resource).resolve(target[key]) : target[key];
      target[key] = merge(isPlainObject(current) ? { ...current } : {}, value, resource);
    } else {
      target[key] = value;
    }
  }
  return target;
}

function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Token.isUnresolved(value);
}
