import { RestStageView, searchMethodSettings } from '../../lib/nag/stage-settings';

function stage(methodSettings: RestStageView['methodSettings']): RestStageView {
  return { restApiId: 'abc123', stageName: 'prod', methodSettings, accessLogSetting: undefined };
}

const traced = (setting: Record<string, unknown>) => (setting.DataTraceEnabled === 'param' ? 'unresolved' : setting.DataTraceEnabled === true);

describe('searchMethodSettings', () => {
  test('finds a matching entry even after entries it cannot read', () => {
    expect(searchMethodSettings(stage(['unresolved', { DataTraceEnabled: 'param' }, { DataTraceEnabled: true }]), traced)).toBe('found');
  });

  test('an unreadable entry or an unknown value leaves the search unresolved', () => {
    expect(searchMethodSettings(stage([{ DataTraceEnabled: false }, 'unresolved']), traced)).toBe('unresolved');
    expect(searchMethodSettings(stage([{ DataTraceEnabled: 'param' }]), traced)).toBe('unresolved');
    expect(searchMethodSettings(stage('unresolved'), traced)).toBe('unresolved');
  });

  test('no entry, or none matching, is not-found', () => {
    expect(searchMethodSettings(stage([]), traced)).toBe('not-found');
    expect(searchMethodSettings(stage([{ DataTraceEnabled: false }]), traced)).toBe('not-found');
  });
});
