import { canonical, canonicalIn, hasToken, parseJsonText, renderJsonText } from '../../lib/migration/private/json-text';

const ARN = { 'Fn::GetAtt': ['Role', 'Arn'] };

describe('JSON text in templates', () => {
  test('a plain string parses and renders back as a string', () => {
    const json = parseJsonText('[{"kind":"ServiceAccount"}]')!;
    expect(json).toEqual({ value: [{ kind: 'ServiceAccount' }], tokens: [] });
    expect(renderJsonText(json)).toBe('[{"kind":"ServiceAccount"}]');
  });

  test('an Fn::Join keeps its intrinsics where they were, and drops them when their strings go', () => {
    const resolved = { 'Fn::Join': ['', ['{"a":"', ARN, '","b":"x-', ARN, '"}']] };
    const json = parseJsonText(resolved)!;

    expect(renderJsonText(json)).toEqual(resolved);
    expect(canonicalIn(json, json.value.b)).toBe(`x-${canonical(ARN)}`);
    expect(hasToken(json.value.a)).toBe(true);

    delete json.value.a;
    delete json.value.b;
    expect(renderJsonText(json)).toBe('{}');
  });

  test.each([
    ['text that is not JSON', 'not json'],
    ['an intrinsic outside a JSON string', { 'Fn::Join': ['', ['{"replicas":', { Ref: 'Count' }, '}']] }],
    ['a join with a delimiter', { 'Fn::Join': [',', ['a', 'b']] }],
    ['another intrinsic', { 'Fn::ImportValue': 'Manifest' }],
  ])('%s is not read', (_, resolved) => {
    expect(parseJsonText(resolved)).toBeUndefined();
  });

  test('canonical forms compare a join with the text it renders', () => {
    expect(canonical({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::1:role/r']] }))
      .toBe(canonical({ 'Fn::Join': ['', ['arn:', { 'Fn::Join': ['', [{ Ref: 'AWS::Partition' }, ':iam::1']] }, ':role/r']] }));
    expect(canonical('literal')).toBe('literal');
    expect(canonical(ARN)).not.toBe(canonical({ 'Fn::GetAtt': ['Other', 'Arn'] }));
  });
});
