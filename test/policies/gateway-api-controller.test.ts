import { WellKnownPolicy } from '../../lib';
import { actionsOf, allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.gatewayApiController', () => {
  test('spells out the VPC Lattice actions and creates only its two service-linked roles', () => {
    // WHEN
    const statements = statementsOf(WellKnownPolicy.gatewayApiController());

    // THEN
    const lattice = actionsOf(statements).filter(action => action.startsWith('vpc-lattice:'));
    expect(lattice).toHaveLength(49);
    expect(lattice).toEqual(expect.arrayContaining([
      'vpc-lattice:CreateService',
      'vpc-lattice:BatchUpdateRule',
      'vpc-lattice:UpdateServiceNetworkVpcAssociation',
      'vpc-lattice:PutAuthPolicy',
      'vpc-lattice:RegisterTargets',
    ]));
    expect(statements[0].Action).toContain('acm:ListCertificates');
    expect(statements[0].Resource).toBe('*');
    expect(statements.slice(1)).toEqual([
      allow(['iam:CreateServiceLinkedRole'],
        [arn('iam::${AWS::AccountId}:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice')],
        { StringLike: { 'iam:AWSServiceName': 'vpc-lattice.amazonaws.com' } }),
      allow(['iam:CreateServiceLinkedRole'],
        [arn('iam::${AWS::AccountId}:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery')],
        { StringLike: { 'iam:AWSServiceName': 'delivery.logs.amazonaws.com' } }),
    ]);
  });
});
