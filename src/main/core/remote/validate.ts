// Checks every field of a host before it reaches ssh, ssh-keyscan or the
// database. ssh hands its command line to a remote shell and treats words
// starting with '-' as options, so anything outside these narrow shapes is
// refused here rather than trusted to quoting alone (cli.md: nothing reaches a
// shell unquoted).
import { statSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { resolve } from 'node:path';
import { Refusal } from '../refusal-error';

/** A field that cannot be used; the message names the field and the rule. */
export class InvalidHostField extends Refusal {
  override readonly name = 'InvalidHostField';
  override readonly code = 'bad-input';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message, { details: { field } });
  }
}

// JSON.stringify shows a newline or quote as an escape instead of printing it raw.
const shown = (value: string): string => JSON.stringify(value);

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const USER = /^[a-z_][a-z0-9_-]{0,31}$/;
const TAG = /^[a-z0-9][a-z0-9-]{0,31}$/;
const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function validateHostName(name: string): string {
  if (!HOST_NAME.test(name)) {
    throw new InvalidHostField(
      'name',
      `host name ${shown(name)} must start with a letter or digit and hold only letters, digits, '.', '_' and '-' (at most 63)`,
    );
  }
  return name;
}

/** A DNS name, an IPv4 address or a plain IPv6 address (no zone: '%' is refused). */
export function validateAddress(address: string): string {
  const dns =
    address.length <= 253 &&
    address
      .replace(/\.$/, '')
      .split('.')
      .every((label) => DNS_LABEL.test(label));
  if (!(dns || isIPv4(address) || (isIPv6(address) && /^[0-9A-Fa-f:.]+$/.test(address)))) {
    throw new InvalidHostField('address', `address ${shown(address)} must be a DNS name, an IPv4 address or an IPv6 address`);
  }
  return address;
}

export function validateUser(user: string): string {
  if (!USER.test(user)) {
    throw new InvalidHostField(
      'user',
      `user ${shown(user)} must be a login name: lower-case letters, digits, '_' and '-', starting with a letter or '_' (at most 32)`,
    );
  }
  return user;
}

export function validatePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new InvalidHostField('port', `port ${shown(text)} must be a whole number from 1 to 65535`);
  return port;
}

export function validateTag(tag: string): string {
  if (!TAG.test(tag))
    throw new InvalidHostField(
      'tag',
      `tag ${shown(tag)} must be lower-case letters, digits and '-', starting with a letter or digit (at most 32)`,
    );
  return tag;
}

/** The identity file as an absolute path, so ssh never reads it as an option. */
export function validateIdentityFile(path: string): string {
  const absolute = resolve(path);
  let isFile = false;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    // Reported below in the same words as a folder.
  }
  if (!isFile) throw new InvalidHostField('identity', `identity file ${shown(path)} does not exist or is not a file`);
  return absolute;
}
