// Deploy: planned, not built yet. The deploy, switch and rollback engine is
// being written alongside this UI; its screen's actions arrive with it.
export function DeployScreen() {
  return (
    <>
      <h1 id="screen-title">Deploy</h1>
      <p>Deploys arrive with the hosts engine: pick a bundle and hosts, see the plan per host, and watch each host's progress here.</p>
    </>
  );
}
