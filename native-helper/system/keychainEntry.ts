import { embeddedAddon } from './embeddedAddon';

/** The keychain addon's asset in the single executable (bin/package-executable.js adds it). */
const KEYRING_ADDON = 'keyring.node';

/** One secret of the OS keychain, filed under `service` and `account`. */
export function keychainEntry(service: string, account: string): import('@napi-rs/keyring').Entry {
  // Loaded on first use: a native module most commands never need. The single executable carries its own.
  const { Entry } = (embeddedAddon(KEYRING_ADDON) ?? require('@napi-rs/keyring')) as typeof import('@napi-rs/keyring');
  // On Linux, the Secret Service or nothing: the kernel keyring the package falls back to is memory, lost at reboot.
  return new Entry(service, account, { linux: { store: 'secret-service' } });
}
