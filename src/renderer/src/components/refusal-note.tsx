// A refused bundle, explained: which rule of bundle-format.md ("Verification")
// it broke, what that rule protects, and the engine's own reason.
const RULES: Readonly<Record<number, string>> = {
  1: 'the manifest must be at most 64 MiB, parse, and follow the format',
  2: 'enough distinct keys this site trusts (its threshold) must have signed the manifest',
  3: 'the bundle must be for this site and newer than the last bundle it accepted',
  4: 'a bundle with an expiry date must not have expired',
  5: 'every narinfo must describe a path the manifest lists, exactly as listed',
  6: 'every narinfo must be signed by a Nix key this site trusts',
  7: 'every NAR file must be there and hash to what its narinfo says',
  8: 'every path must be carried or already in the offline cache',
  9: 'nothing outside the bundle folder is read, and no file may change while it is checked',
};

export function RefusalNote({ title, rule, reason }: { readonly title: string; readonly rule: number; readonly reason: string }) {
  return (
    <div role="alert" className="note note-error">
      <strong>
        {title} refused: rule {rule} failed
      </strong>
      <p>
        Rule {rule}: {RULES[rule] ?? 'see bundle-format.md'}.
      </p>
      <p className="pre-line">{reason}</p>
      <p>Nothing was imported; the offline cache is as it was.</p>
    </div>
  );
}
