import { AuditInputError } from './audit-input-error';
import { AuditPack } from './audit-pack';
import { PORTCULLIS_PACK } from './portcullis-pack';
import { STANDARD_PACKS } from './standard-packs';

const ALL_PACKS: readonly AuditPack[] = [PORTCULLIS_PACK, ...STANDARD_PACKS];

/** Pack names accepted by `--packs`, in the order they run. */
export const PACK_NAMES: readonly string[] = ALL_PACKS.map((p) => p.name);

/** Packs run when `--packs` is not given. */
export const DEFAULT_PACK_NAMES: readonly string[] = ['portcullis'];

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
