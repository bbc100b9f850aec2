import { parseKubeconfig } from '../../cli/doctor/kubeconfig';

describe('the kubeconfig reader of doctor', () => {
  test('reads what aws eks update-kubeconfig writes, exec plugin included', () => {
    // GIVEN
    const text = [
      'apiVersion: v1',
      'clusters:',
      '- cluster:',
      '    certificate-authority-data: LS0tLS1CRUdJTg==',
      '    server: https://ABC.gr7.eu-west-1.eks.amazonaws.com',
      '  name: arn:aws:eks:eu-west-1:111122223333:cluster/dev',
      'contexts:',
      '- context:',
      '    cluster: arn:aws:eks:eu-west-1:111122223333:cluster/dev',
      '    user: arn:aws:eks:eu-west-1:111122223333:cluster/dev',
      '  name: arn:aws:eks:eu-west-1:111122223333:cluster/dev',
      'current-context: arn:aws:eks:eu-west-1:111122223333:cluster/dev',
      'kind: Config',
      'preferences: {}',
      'users:',
      '- name: arn:aws:eks:eu-west-1:111122223333:cluster/dev',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      args:',
      '      - --region',
      '      - eu-west-1',
      '      - eks',
      '      - get-token',
      '      - --cluster-name',
      '      - dev',
      '      command: aws',
      '      env:',
      '      - name: AWS_PROFILE',
      '        value: "dev # not a comment"',
      '      interactiveMode: IfAvailable',
      '      provideClusterInfo: false',
      '',
    ].join('\n');

    // WHEN
    const config = parseKubeconfig(text, 'kubeconfig');

    // THEN
    expect(config['current-context']).toBe('arn:aws:eks:eu-west-1:111122223333:cluster/dev');
    expect(config.clusters[0]).toEqual({
      cluster: { 'certificate-authority-data': 'LS0tLS1CRUdJTg==', 'server': 'https://ABC.gr7.eu-west-1.eks.amazonaws.com' },
      name: 'arn:aws:eks:eu-west-1:111122223333:cluster/dev',
    });
    expect(config.preferences).toEqual({});
    expect(config.users[0].user.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'dev'],
      command: 'aws',
      env: [{ name: 'AWS_PROFILE', value: 'dev # not a comment' }],
      interactiveMode: 'IfAvailable',
      provideClusterInfo: false,
    });
  });

  test('flow lists, quotes and comments', () => {
    expect(parseKubeconfig('# head\na: [x, "y z"]\nb: \'it\'\'s\' # tail\nc:\n  d: true\n', 'f')).toEqual({ a: ['x', 'y z'], b: 'it\'s', c: { d: true } });
  });

  test('JSON as it is', () => {
    expect(parseKubeconfig('{"current-context":"x"}', 'f')).toEqual({ 'current-context': 'x' });
  });

  test('a YAML form it does not take: says so, with the way out', () => {
    expect(() => parseKubeconfig('a: |\n  text\n', 'my-config')).toThrow(
      'cannot read my-config: line 1: this YAML form is not supported. Give a JSON copy instead: kubectl config view --raw --minify -o json > kubeconfig.json');
  });
});
