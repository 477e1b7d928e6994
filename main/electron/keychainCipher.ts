import { safeStorage } from 'electron';
import type { SecretCipher } from '../services/credentials/secretVault.js';

/**
 * safeStorage as the vault's cipher: Keychain on macOS, DPAPI on Windows, libsecret or kwallet on
 * Linux. Null where there is no real keychain — Linux's `basic_text` backend seals with a fixed
 * key, which protects nothing, so the password then stays in the seat file and in memory only, and
 * the cache is not encrypted (its key would lie beside it).
 * Call after app 'ready'.
 */
export function keychainCipher(warn: (line: string) => void): SecretCipher | null {
  if (!safeStorage.isEncryptionAvailable()) {
    warn('No OS keychain is available: the SIP password stays in the seat file and the seat cache is not encrypted.');
    return null;
  }
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform === 'darwin' ? 'Keychain' : 'DPAPI';
  if (backend === 'basic_text' || backend === 'unknown') {
    warn(`The OS keychain backend is "${backend}" (no keyring running): the SIP password stays in the seat file and the seat cache is not encrypted.`);
    return null;
  }
  return {
    backend,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
