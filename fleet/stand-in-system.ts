// Stand-in NixOS systems, built by real Nix in the machine's store (no
// nixpkgs: builder /bin/sh, sandbox off, empty PATH). Shaped like a NixOS
// toplevel, with a closure of packages that reference each other, so two
// versions share most paths as real updates do: only the kernel (and its
// modules), /etc and the toplevel change between versions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NIX_ENV, run } from './run';
import { renderRebootScript } from './reboot-script';
import { renderSwitchScript, type SystemVariant } from './switch-script';

export interface StandInSystemOptions {
  /** Host name: goes into /etc/hostname and the toplevel's name, so every host's system differs. */
  readonly host: string;
  /** NixOS release, e.g. "24.05.1"; its last number picks the kernel unless `kernel` is given. */
  readonly version: string;
  readonly variant?: SystemVariant;
  /** Kernel version, e.g. "6.6.58". */
  readonly kernel?: string;
  /**
   * Store paths (already valid in the machine's store) the toplevel lists in
   * airlock-extra-paths, so they join its closure: benchmarks hang a closure
   * of real binaries on a system this way. None by default, and then the
   * expression, and so the toplevel, is exactly what it was without the option.
   */
  readonly extraPaths?: readonly string[];
  /**
   * nixpkgs' `system.switch.inhibitors`: written to the toplevel's
   * `switch-inhibitors` as a JSON object, one entry a line (the 'inhibit'
   * variant's switch refuses when a value differs from the running system's).
   * Values without quotes or backslashes. None by default: no file, and the
   * toplevel is what it was without the option.
   */
  readonly inhibitors?: Readonly<Record<string, string>>;
}

interface Package {
  readonly attr: string;
  readonly name: string;
  readonly deps: readonly string[];
  /** Builder script; deps are in scope as $attr (derivation attributes become the environment). */
  readonly script: string;
  /** More derivation attributes, as Nix text. */
  readonly extra?: string;
}

/** A library-like package: a file naming its dependencies, which makes them references. */
function lib(attr: string, name: string, deps: readonly string[] = []): Package {
  const refs = deps.map((d) => `$${d}`).join(' ');
  return {
    attr,
    name,
    deps,
    script: `/bin/mkdir -p $out/bin $out/lib; echo "${name} ${refs}" > $out/lib/${attr}.info; echo "#!/bin/sh" > $out/bin/${attr}; /bin/chmod 555 $out/bin/${attr}`,
  };
}

function codename(version: string): string {
  if (version.startsWith('24.05')) return 'Uakari';
  if (version.startsWith('24.11')) return 'Vicuna';
  return 'Airlock';
}

export function defaultKernel(version: string): string {
  const last = Number(version.split('.').pop());
  if (!Number.isInteger(last)) throw new Error(`version ${version} must end in a number (e.g. 24.05.1)`);
  return `6.6.${57 + last}`;
}

function packages(o: Required<StandInSystemOptions>): Package[] {
  const nixosVersion = `${o.version} (${codename(o.version)})`;
  return [
    lib('glibc', 'glibc-2.39-52'),
    lib('bash', 'bash-5.2p32', ['glibc']),
    lib('coreutils', 'coreutils-9.5', ['glibc']),
    lib('openssh', 'openssh-9.7p1', ['glibc']),
    // As NixOS's systemd, it brings `reboot` (here the test fleet's stand-in, reboot-script.ts).
    {
      ...lib('systemd', 'systemd-255.9', ['glibc', 'coreutils']),
      script: `${lib('systemd', 'systemd-255.9', ['glibc', 'coreutils']).script}; printf "%s" "$rebootScript" > $out/bin/reboot; /bin/chmod 555 $out/bin/reboot`,
      extra: `rebootScript = ${nixString(renderRebootScript())};`,
    },
    lib('nix', 'nix-2.18.8', ['glibc', 'coreutils', 'openssh']),
    {
      attr: 'kernel',
      name: `linux-${o.kernel}`,
      deps: [],
      script: `/bin/mkdir -p $out; echo "Linux ${o.kernel} (stand-in bzImage)" > $out/bzImage`,
    },
    {
      attr: 'modules',
      name: `linux-${o.kernel}-modules`,
      deps: [],
      script: `/bin/mkdir -p $out/lib/modules/${o.kernel}; echo "stand-in modules" > $out/lib/modules/${o.kernel}/modules.dep`,
    },
    {
      attr: 'sw',
      name: 'system-path',
      deps: ['bash', 'coreutils', 'openssh', 'systemd', 'nix'],
      script: '/bin/mkdir -p $out/bin; for p in $bash $coreutils $openssh $systemd $nix; do /bin/ln -s $p/bin/* $out/bin/; done',
    },
    {
      attr: 'etc',
      name: 'etc',
      deps: ['sw'],
      script: `/bin/mkdir -p $out/etc; echo "${o.host}" > $out/etc/hostname; echo "NAME=NixOS VERSION=\\"${nixosVersion}\\"" > $out/etc/os-release; echo "$sw" > $out/etc/system-path`,
    },
  ];
}

/** A Nix string literal: JSON escapes match Nix's, except that "${" would start an antiquotation. */
function nixString(s: string): string {
  return JSON.stringify(s).replaceAll('${', '\\${');
}

function toplevelScript(withExtraPaths: boolean, withInhibitors: boolean): string {
  return [
    '/bin/mkdir -p $out/bin',
    ...(withExtraPaths ? ['echo "$extraPaths" > $out/airlock-extra-paths'] : []),
    ...(withInhibitors ? ['printf "%s" "$switchInhibitors" > $out/switch-inhibitors'] : []),
    'echo "$nixosVersion" > $out/nixos-version',
    'echo "$variant" > $out/airlock-variant',
    '/bin/ln -s $kernel/bzImage $out/kernel',
    '/bin/ln -s $modules $out/kernel-modules',
    '/bin/ln -s $sw $out/sw',
    '/bin/ln -s $etc/etc $out/etc',
    'echo "#!/bin/sh" > $out/init; echo "exec $sw/bin/systemd" >> $out/init',
    'printf "%s" "$switchScript" | /bin/sed "s|@toplevel@|$out|g" > $out/bin/switch-to-configuration',
    '/bin/chmod 555 $out/init $out/bin/switch-to-configuration',
  ].join('; ');
}

/** A JSON object with one entry a line, as the stand-in's switch script reads it. */
function inhibitorsJson(entries: readonly (readonly [string, string])[]): string {
  return `{\n${entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`;
}

export function standInExpression(options: StandInSystemOptions): string {
  const o: Required<StandInSystemOptions> = {
    variant: 'normal',
    kernel: defaultKernel(options.version),
    extraPaths: [],
    inhibitors: {},
    ...options,
  };
  const inhibitors = Object.entries(o.inhibitors);
  const pkgs = packages(o);
  const mk = (name: string, script: string, deps: readonly string[], extra = ''): string =>
    `derivation { name = ${nixString(name)}; system = builtins.currentSystem; builder = "/bin/sh"; ` +
    `args = [ "-c" ${nixString(script)} ]; ${deps.map((d) => `${d} = ${d};`).join(' ')} ${extra} }`;
  const bindings = pkgs.map((p) => `  ${p.attr} = ${mk(p.name, p.script, p.deps, p.extra)};`);
  const extra =
    `nixosVersion = ${nixString(`${o.version} (${codename(o.version)})`)}; variant = ${nixString(o.variant)}; ` +
    `switchScript = ${nixString(renderSwitchScript(o.variant))};` +
    // builtins.storePath gives the string its store context: without it Nix would not see a reference.
    (o.extraPaths.length ? ` extraPaths = [ ${o.extraPaths.map((p) => `(builtins.storePath ${nixString(p)})`).join(' ')} ];` : '') +
    (inhibitors.length ? ` switchInhibitors = ${nixString(inhibitorsJson(inhibitors))};` : '');
  const toplevel = mk(
    `nixos-system-${o.host}-${o.version}`,
    toplevelScript(o.extraPaths.length > 0, inhibitors.length > 0),
    ['kernel', 'modules', 'sw', 'etc'],
    extra,
  );
  return `let\n${bindings.join('\n')}\nin ${toplevel}\n`;
}

/** Builds the system with real Nix and returns its toplevel store path. */
export function buildStandInSystem(options: StandInSystemOptions): string {
  const dir = join(tmpdir(), 'airlock-fleet-nix');
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `${options.host}-${options.version}-${options.variant ?? 'normal'}-${options.extraPaths?.length ?? 0}-${Object.keys(options.inhibitors ?? {}).length}-${process.pid}.nix`,
  );
  writeFileSync(file, standInExpression(options));
  // No substituters: the machine is offline and Nix would retry cache.nixos.org for seconds.
  return run(['nix-build', file, '--no-out-link', '--quiet', '--option', 'substituters', ''], { env: NIX_ENV }).trim();
}
