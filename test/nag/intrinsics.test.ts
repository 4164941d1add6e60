import * as fc from 'fast-check';
import { booleanValue, numberValue, placeholders, referencedLogicalId, renderTemplate, soloPlaceholder } from '../../lib/nag/intrinsics';

describe('renderTemplate', () => {
  test('renders the intrinsics CDK writes into Fn::Sub syntax', () => {
    expect(renderTemplate('plain')).toBe('plain');
    expect(renderTemplate({ Ref: 'MyApi' })).toBe('${MyApi}');
    expect(renderTemplate({ 'Fn::GetAtt': ['Logs', 'Arn'] })).toBe('${Logs.Arn}');
    expect(renderTemplate({ 'Fn::GetAtt': 'Logs.Arn' })).toBe('${Logs.Arn}');
    expect(renderTemplate({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:us-east-1:111111111111:', { Ref: 'Api' }, '/*/*']] })).toBe(
      'arn:${AWS::Partition}:execute-api:us-east-1:111111111111:${Api}/*/*',
    );
    expect(renderTemplate({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${Api}' })).toBe('arn:${AWS::Partition}:x:${Api}');
    expect(renderTemplate({ 'Fn::Sub': ['https://${Host}/${Pool}', { Host: 'cognito-idp.us-east-1.amazonaws.com' }] })).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com/${Pool}',
    );
  });

  test('anything it cannot render is undefined, never a guess', () => {
    expect(renderTemplate(undefined)).toBeUndefined();
    expect(renderTemplate({ 'Fn::ImportValue': 'Shared' })).toBeUndefined();
    expect(renderTemplate({ 'Fn::If': ['C', 'a', 'b'] })).toBeUndefined();
    expect(renderTemplate({ 'Fn::Join': ['', ['a', { 'Fn::Select': [0, { Ref: 'List' }] }]] })).toBeUndefined();
    expect(renderTemplate({ 'Fn::Join': [',', { Ref: 'List' }] })).toBeUndefined();
    expect(renderTemplate({ 'Fn::Sub': ['${X}', { X: { 'Fn::ImportValue': 'Y' } }] })).toBeUndefined();
  });

  test('a literal "${" in a plain string is escaped so it is never read as a placeholder', () => {
    const rendered = renderTemplate('literal ${NotARef}')!;
    expect(placeholders(rendered)).toEqual([]);
  });

  test('joining plain strings renders their concatenation', () => {
    fc.assert(
      fc.property(fc.array(fc.string().filter((s) => !s.includes('${'))), fc.string(), (parts, delimiter) => {
        expect(renderTemplate({ 'Fn::Join': [delimiter, parts] })).toBe(parts.join(delimiter));
      }),
    );
  });
});

describe('placeholders', () => {
  test('parses references, attributes and pseudo parameters', () => {
    expect(placeholders('arn:${AWS::Partition}:logs:${Logs.Arn}:${Api}')).toEqual([
      { name: 'AWS::Partition' },
      { name: 'Logs', attribute: 'Arn' },
      { name: 'Api' },
    ]);
    expect(soloPlaceholder('${Api}')).toEqual({ name: 'Api' });
    expect(soloPlaceholder('x${Api}')).toBeUndefined();
  });
});

describe('scalar readers', () => {
  test('booleans and numbers are read as CloudFormation accepts them', () => {
    expect(booleanValue(true)).toBe(true);
    expect(booleanValue('TRUE')).toBe(true);
    expect(booleanValue('false')).toBe(false);
    expect(booleanValue(undefined)).toBeUndefined();
    expect(booleanValue({ Ref: 'P' })).toBe('unresolved');
    expect(numberValue('300')).toBe(300);
    expect(numberValue(0)).toBe(0);
    expect(numberValue('x')).toBe('unresolved');
    expect(numberValue({ Ref: 'P' })).toBe('unresolved');
  });

  test('referencedLogicalId follows Ref and GetAtt but not pseudo parameters', () => {
    expect(referencedLogicalId({ Ref: 'Api' })).toBe('Api');
    expect(referencedLogicalId({ 'Fn::GetAtt': ['Logs', 'Arn'] })).toBe('Logs');
    expect(referencedLogicalId({ Ref: 'AWS::Region' })).toBeUndefined();
    expect(referencedLogicalId('abc123')).toBeUndefined();
  });
});
