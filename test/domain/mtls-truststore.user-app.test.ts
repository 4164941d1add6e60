import { MtlsTruststore } from '../../lib';
import { USER_APP_SETUPS, userStack } from '../user-app';
import { findingsAtSynth } from '../user-app-findings';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2xpZW50Q0E=\n-----END CERTIFICATE-----\n';

describe.each(USER_APP_SETUPS)('MtlsTruststore in a user\'s app ($name)', (setup) => {
  test('no finding of the six packs on the truststore or the upload\'s handler', () => {
    const stack = userStack(setup);
    new MtlsTruststore(stack, 'Truststore', { certificatesPem: PEM });
    expect(findingsAtSynth(stack, ['Truststore', 'Custom::CDKBucketDeployment'])).toEqual([]);
  });

  test('two truststores share the handler, and each one\'s grants are acknowledged', () => {
    const stack = userStack(setup);
    new MtlsTruststore(stack, 'Truststore', { certificatesPem: PEM });
    new MtlsTruststore(stack, 'Second', { certificatesPem: PEM.replace('Q0E=', 'Q0I=') });
    expect(findingsAtSynth(stack, ['Truststore', 'Second', 'Custom::CDKBucketDeployment'])).toEqual([]);
  });
});
