import { compareAddonVersions, parseAddonVersion } from '../../lib/addon/addon-version';

describe('add-on versions', () => {
  test('parses major, minor, patch and EKS build', () => {
    expect(parseAddonVersion('v1.26.0-eksbuild.1')).toEqual([1, 26, 0, 1]);
    expect(parseAddonVersion('v0.131.10-eksbuild.12')).toEqual([0, 131, 10, 12]);
  });

  test.each(['1.26.0-eksbuild.1', 'v1.26.0', 'v1.26-eksbuild.1', 'v1.26.0-eksbuild', 'v1.26.0-beta.1', 'V1.26.0-eksbuild.1', ' v1.26.0-eksbuild.1', ''])(
    'rejects %j', (version) => {
      expect(parseAddonVersion(version)).toBeUndefined();
    });

  test('orders numerically, not as text, and by EKS build last', () => {
    const versions = ['v1.10.0-eksbuild.1', 'v1.9.0-eksbuild.2', 'v1.9.0-eksbuild.10', 'v2.0.0-eksbuild.1', 'v1.9.1-eksbuild.1', 'v1.9.0-eksbuild.2'];
    const sorted = [...versions].sort((a, b) => compareAddonVersions(parseAddonVersion(a)!, parseAddonVersion(b)!));
    expect(sorted).toEqual(['v1.9.0-eksbuild.2', 'v1.9.0-eksbuild.2', 'v1.9.0-eksbuild.10', 'v1.9.1-eksbuild.1', 'v1.10.0-eksbuild.1', 'v2.0.0-eksbuild.1']);
  });

  test('compares equal versions as 0', () => {
    expect(compareAddonVersions([1, 2, 3, 4], [1, 2, 3, 4])).toBe(0);
    expect(compareAddonVersions([1, 2, 3, 4], [1, 2, 3, 5])).toBeLessThan(0);
    expect(compareAddonVersions([1, 3, 0, 1], [1, 2, 9, 9])).toBeGreaterThan(0);
  });
});
