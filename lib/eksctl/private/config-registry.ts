import { IConstruct } from 'constructs';
import { PodIdentityError, quote } from '../../private/errors';
import { EksctlModel } from './model';

// What each EksctlConfig read from its file, kept out of its public surface. EksctlConfig records
// its model here and EksctlResources reads it, so neither module needs to import the other.

const models = new WeakMap<object, EksctlModel>();

/** Records the model read for `config`. */
export function recordModel(config: object, model: EksctlModel): void {
  models.set(config, model);
}

/** The model of `config`, which must come from `EksctlConfig.fromFile` or `fromYaml`. */
export function modelOf(scope: IConstruct, config: object): EksctlModel {
  const model = models.get(config);
  if (model === undefined) {
    throw new PodIdentityError('eksctl-unknown-config', scope,
      `the config ${quote(String((config as { clusterName?: unknown }).clusterName))} was not read by EksctlConfig`,
      'Pass the EksctlConfig that EksctlConfig.fromFile(...) or EksctlConfig.fromYaml(...) returned');
  }
  return model;
}
