/**
 * What EKS does when the add-on's settings conflict with those already in the cluster
 * (`ResolveConflicts` of `AWS::EKS::Addon`).
 */
export enum AddonConflictResolution {
  /** Change nothing that conflicts; creating the add-on over a self-managed installation may fail. */
  NONE = 'NONE',

  /** Overwrite conflicting values with the add-on's defaults (to take over a self-managed installation). */
  OVERWRITE = 'OVERWRITE',

  /** Keep conflicting values when the add-on is updated; like `NONE` when it is created. */
  PRESERVE = 'PRESERVE',
}
