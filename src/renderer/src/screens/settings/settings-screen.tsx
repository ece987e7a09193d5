// Settings: the site, whom it trusts, hosts and their pinned keys, probing,
// and the health checks run after every activation.
import { HealthChecksPanel } from './health-checks-panel';
import { ProbeIntervalForm } from './probe-interval-form';
import { PinnedHostsPanel } from './pinned-hosts-panel';
import { SitePanel } from './site-panel';
import { TrustPanel } from './trust-panel';

export function SettingsScreen() {
  return (
    <>
      <h1 id="screen-title">Settings</h1>
      <SitePanel />
      <ProbeIntervalForm />
      <TrustPanel />
      <PinnedHostsPanel />
      <HealthChecksPanel />
    </>
  );
}
