/**
 * The far end of the loopback pump, run as its own process like the broker:
 * counts and discards everything a connection sends, and when the sender
 * half-closes, answers with the count (float64) so the sender can check it.
 * Prints its port on stdout.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { crc32c } from '../../dist/protocol/index.js';

// With a file path argument, every chunk is also appended to that file, as a
// broker appends to its log: the socket-to-file reference. With `--crc` as
// well, each chunk's CRC-32C is computed first (with the broker's own
// function), as a broker checks every batch it is sent.
const file = process.argv[2];
const checksum = process.argv[3] === '--crc';
const fd = file ? fs.openSync(file, 'w') : -1;

const server = net.createServer((socket) => {
  let bytes = 0;
  socket.on('data', (chunk) => {
    if (checksum) crc32c(chunk);
    if (fd >= 0) fs.writeSync(fd, chunk, 0, chunk.length, bytes);
    bytes += chunk.length;
  });
  socket.on('end', () => {
    const answer = Buffer.alloc(8);
    answer.writeDoubleBE(bytes);
    socket.end(answer);
  });
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
process.on('exit', () => file && fs.rmSync(file, { force: true }));
