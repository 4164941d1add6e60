import { objectValue } from './intrinsics';

/**
 * The statements of an IAM policy document given as an object or as JSON text (key policies,
 * resource policies): a lone statement object counts as a list of one, no `Statement` as none.
 * `'unresolved'` when the document, or its `Statement`, is an intrinsic or text that is not JSON.
 */
export function policyStatements(policy: unknown): unknown[] | 'unresolved' {
  let document: unknown = policy;
  if (typeof document === 'string') {
    try {
      document = JSON.parse(document);
    } catch {
      return 'unresolved';
    }
  }
  const doc = objectValue(document);
  if (doc === undefined || doc === 'unresolved') return 'unresolved';
  const raw = doc.Statement;
  if (Array.isArray(raw)) return raw;
  if (raw === undefined) return [];
  return objectValue(raw) === 'unresolved' ? 'unresolved' : [raw];
}
