import { AuditInputError } from './audit-input-error';
import { AuditPack } from './audit-pack';
import { PORTCULLIS_PACK } from './portcullis-pack';
import { STANDARD_PACKS } from './standard-packs';

const ALL_PACKS: readonly AuditPack[] = [PORTCULLIS_PACK, ...STANDARD_PACKS];

/** Pack names accepted by `--packs`, in the order they run. */
export const PACK_NAMES: readonly string[] = ALL_PACKS.map((p) => p.name);

/** Packs run when `--packs` is not given. */
export const DEFAULT_PACK_NAMES: readonly string[] = ['portcullis'];

/** The pack whose rule ids `ruleId` belongs to (`Rule[detail]` and a `Pack::` namespace allowed), if the audit knows it. */
export function packOfRule(ruleId: string): AuditPack | undefined {
  // A namespace is the part before `::` in the rule id proper, never a `::` inside the `[detail]` (`IAM5[Policy::arn…]`).
  const bracket = ruleId.indexOf('[');
  const head = bracket === -1 ? ruleId : ruleId.slice(0, bracket);
  const separator = head.indexOf('::');
  const id = separator === -1 ? ruleId : ruleId.slice(separator + 2);
  return ALL_PACKS.find((p) => id.startsWith(p.ruleIdPrefix));
}

/** False when the rule id belongs to a known pack that is not among `packs`; ids of unknown packs are kept. */
export function ranPackOf(ruleId: string, packs: readonly AuditPack[]): boolean {
  const owner = packOfRule(ruleId);
  return owner === undefined || packs.includes(owner);
}

/**
 * The packs for the given names (`all` selects every pack), deduplicated, in catalogue order.
 *
 * @throws AuditInputError for an unknown name
 */
export function selectPacks(names: readonly string[]): AuditPack[] {
  const wanted = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (name === 'all') {
      PACK_NAMES.forEach((n) => wanted.add(n));
    } else if (PACK_NAMES.includes(name)) {
      wanted.add(name);
    } else {
      throw new AuditInputError(`--packs: unknown pack '${raw.trim()}' (known: ${PACK_NAMES.join(', ')}, all)`);
    }
  }
  if (wanted.size === 0) {
    throw new AuditInputError(`--packs: no pack given (known: ${PACK_NAMES.join(', ')}, all)`);
  }
  return ALL_PACKS.filter((p) => wanted.has(p.name));
}
