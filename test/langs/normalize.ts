/**
 * What may differ between the same stack synthesized in TypeScript, Python and Java, and nothing else.
 *
 * The checks synthesize every app the way `cdk synth` runs it (path metadata and version reporting on), and
 * remove from each template only:
 * - the `aws:cdk:path` metadata of each resource: the construct path, for the CLI's messages; it is not
 *   deployed and says nothing about the resource;
 * - the `CDKMetadata` resource and its `CDKMetadataAvailable` condition: version reporting, whose `Analytics`
 *   value names the language runtime that ran the app (jsii-runtime.Python, jsii-runtime.Java, node);
 * - the `BootstrapVersion` parameter and the `CheckBootstrapVersion` rule: they check the CDK toolkit stack
 *   of the target account, which the synthesizer adds the same way in every language; they are not part of
 *   what the library builds.
 * Everything else (every property, DependsOn, Condition, other metadata such as cdk-nag suppressions, outputs)
 * must be equal.
 */
export const REMOVED = {
  resourceMetadata: 'aws:cdk:path',
  resource: 'CDKMetadata',
  condition: 'CDKMetadataAvailable',
  parameter: 'BootstrapVersion',
  rule: 'CheckBootstrapVersion',
};

/** A copy of a template without the keys in REMOVED (and without sections they leave empty). */
export function normalizeTemplate(template: any): any {
  const copy = JSON.parse(JSON.stringify(template));
  delete copy.Resources?.[REMOVED.resource];
  delete copy.Conditions?.[REMOVED.condition];
  delete copy.Parameters?.[REMOVED.parameter];
  delete copy.Rules?.[REMOVED.rule];
  for (const resource of Object.values<any>(copy.Resources ?? {})) {
    if (resource.Metadata) {
      delete resource.Metadata[REMOVED.resourceMetadata];
      if (Object.keys(resource.Metadata).length === 0) delete resource.Metadata;
    }
  }
  for (const section of ['Resources', 'Conditions', 'Parameters', 'Rules']) {
    if (copy[section] && Object.keys(copy[section]).length === 0) delete copy[section];
  }
  return copy;
}

/**
 * The context that `cdk synth` gives an app, so that the templates compared are those the CLI deploys:
 * construct paths in resource metadata, and the version-reporting resource.
 */
export const CLI_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:version-reporting': true,
};
