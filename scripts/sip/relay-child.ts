/**
 * The half of a loopback relay that runs inside the rig's network namespace (started by
 * scripts/sip/lib/relay.ts). Unix sockets live in the file system, not in a network namespace, so
 * they join the two loopbacks without any other address:
 *   listen PORT SOCK    accept on 127.0.0.1:PORT here, forward each connection to the Unix socket SOCK
 *   connect PORT SOCK   accept on the Unix socket SOCK, forward each connection to 127.0.0.1:PORT here
 * Prints "READY <port>" when listening; exits when its stdin closes (its parent went away).
 */
import fs from 'node:fs';
import net from 'node:net';
import { joinSockets } from './lib/joinSockets.js';

const [mode, portArg, sock] = process.argv.slice(2);
const port = Number(portArg);
if ((mode !== 'listen' && mode !== 'connect') || !Number.isInteger(port) || !sock) {
  console.error('usage: relay-child.ts listen|connect PORT UNIX_SOCKET');
  process.exit(2);
}

let server: net.Server;
if (mode === 'listen') {
  server = net.createServer((c) => joinSockets(c, net.connect(sock)));
  server.listen(port, '127.0.0.1', () => console.log(`READY ${(server.address() as net.AddressInfo).port}`));
} else {
  fs.rmSync(sock, { force: true });
  server = net.createServer((c) => joinSockets(c, net.connect(port, '127.0.0.1')));
  server.listen(sock, () => console.log(`READY ${port}`));
}
server.on('error', (e) => {
  console.error(`relay: ${e.message}`);
  process.exit(1);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
