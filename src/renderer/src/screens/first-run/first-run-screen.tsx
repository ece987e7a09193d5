// The first run: shown in place of the Fleet while a data folder holds no site,
// and until the operator finishes, so no step needs a terminal. Each step calls
// what the command line's verb calls (site init, cache init, host add), so each
// is audited as theirs are and a refusal shows the engine's own words.
import { useState } from 'react';
import { useApp } from '../../store/use-app';
import { CacheStep } from './cache-step';
import { HostStep } from './host-step';
import { SiteStep } from './site-step';

type Step = 'site' | 'cache' | 'host';

const STEPS: readonly { readonly step: Step; readonly label: string }[] = [
  { step: 'site', label: 'Name and trusted keys' },
  { step: 'cache', label: 'Offline cache' },
  { step: 'host', label: 'First host' },
];

export function FirstRunScreen() {
  const site = useApp((s) => s.site);
  const close = useApp((s) => s.closeSetup);
  const [later, setLater] = useState<Step | null>(null);
  // The site decides the first step (it is set up once); the operator moves on from the others.
  const step: Step = site === null ? 'site' : (later ?? 'cache');
  return (
    <>
      <h1 id="screen-title">Set up this site</h1>
      <ol className="steps" aria-label="Set-up steps">
        {STEPS.map((s) => (
          <li key={s.step} aria-current={s.step === step ? 'step' : undefined}>
            {s.label}
          </li>
        ))}
      </ol>
      {site ? (
        <p role="status" className="note note-ok">
          Site {site.name} set up: {site.threshold} of {site.bundleKeys.length} bundle key(s) must sign a bundle.
        </p>
      ) : null}
      {step === 'site' ? <SiteStep /> : null}
      {step === 'cache' ? <CacheStep onNext={() => setLater('host')} /> : null}
      {step === 'host' ? <HostStep onDone={close} /> : null}
    </>
  );
}
