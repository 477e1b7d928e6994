// electron-builder's Windows signing hook (electron-builder.yml: win.signtoolOptions.sign). It runs
// on the release machine for every executable and installer, and signs with the company's code
// signing certificate from that machine's certificate store (usually on a hardware token), named
// by its SHA-1 thumbprint in AW_SIGN_CERT_SHA1. Without it the build is left unsigned with a
// warning, unless AW_REQUIRE_SIGNING=1 (the release pipeline) makes that an error.
import { execFileSync } from 'node:child_process';

const DEFAULT_TIMESTAMP_URL = 'http://timestamp.digicert.com';

/** signtool's arguments for one file, or null when this machine has no certificate configured. */
export function signtoolArguments(file, env = process.env) {
  const thumbprint = env.AW_SIGN_CERT_SHA1;
  if (!thumbprint) return null;
  if (!/^[0-9a-f]{40}$/i.test(thumbprint)) throw new Error('AW_SIGN_CERT_SHA1 must be the certificate\'s 40-hex-digit SHA-1 thumbprint');
  return ['sign', '/sha1', thumbprint, '/fd', 'sha256', '/tr', env.AW_SIGN_TIMESTAMP_URL || DEFAULT_TIMESTAMP_URL, '/td', 'sha256', '/d', 'Agent Workstation', file];
}

export async function sign(configuration, env = process.env, run = execFileSync) {
  const args = signtoolArguments(configuration.path, env);
  if (!args) {
    if (env.AW_REQUIRE_SIGNING === '1') throw new Error(`not signed: ${configuration.path} (AW_SIGN_CERT_SHA1 is not set on this machine)`);
    console.warn(`signWindows: no certificate on this machine (AW_SIGN_CERT_SHA1), ${configuration.path} left unsigned`);
    return 'unsigned';
  }
  run(env.AW_SIGNTOOL || 'signtool.exe', args, { stdio: 'inherit' });
  return 'signed';
}
